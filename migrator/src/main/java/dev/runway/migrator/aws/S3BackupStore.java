package dev.runway.migrator.aws;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.backup.BackupFailed;
import dev.runway.migrator.backup.BackupStore;
import dev.runway.migrator.backup.DumpedFile;
import dev.runway.migrator.backup.StoredBackup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Uploads a backup to S3, in one PUT or, above the part size, in parts; then reads the object's head back and compares
 * S3's checksum with the file's, so a backup that arrived damaged is a failed backup.
 *
 * <p>A single PUT carries the file's SHA-256 ({@code x-amz-checksum-sha256}): S3 refuses a body that does not match
 * it, and the head returns it. Otherwise the ETag is compared: the MD5 of a single PUT, or for {@code N} parts the MD5
 * of the parts' MD5s followed by {@code -N}. Both hold for S3 with S3-managed encryption and for S3Proxy.
 */
public class S3BackupStore implements BackupStore {

    /** S3 accepts no smaller part but the last. */
    public static final long MINIMUM_PART_SIZE = 5L * 1024 * 1024;

    /** Each part is read into memory before it is sent. */
    static final long MAXIMUM_PART_SIZE = 512L * 1024 * 1024;

    private final S3Client s3;
    private final long partSize;
    private final Redactor redactor;

    public S3BackupStore(S3Client s3, long partSize, Redactor redactor) {
        if (partSize < MINIMUM_PART_SIZE) {
            throw new IllegalArgumentException("S3 accepts no part below 5 MiB; part size was " + partSize + " bytes");
        }
        if (partSize > MAXIMUM_PART_SIZE) {
            throw new IllegalArgumentException(
                    "a part is held in memory while it is uploaded: at most 512 MiB; part size was " + partSize
                            + " bytes");
        }
        this.s3 = s3;
        this.partSize = partSize;
        this.redactor = redactor;
    }

    @Override
    public StoredBackup store(String bucket, String key, DumpedFile file) {
        long began = System.nanoTime();
        String location = "s3://" + bucket + "/" + key;
        Upload upload;
        try {
            upload = file.bytes() <= partSize ? putWhole(bucket, key, file) : putInParts(bucket, key, file);
        } catch (SdkException e) {
            throw new BackupFailed(
                    "uploading the backup to " + location + " failed: " + redactor.redact(e.getMessage()), e);
        } catch (IOException e) {
            throw new BackupFailed("the backup file could not be read for uploading: " + e.getMessage(), e);
        }
        HeadObjectResponse head;
        try {
            head = s3.headObject(b -> b.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
        } catch (SdkException e) {
            throw new BackupFailed(
                    "the uploaded backup " + location + " could not be read back: " + redactor.redact(e.getMessage()),
                    e);
        }
        if (head.contentLength() == null || head.contentLength() != file.bytes()) {
            throw new BackupFailed("the uploaded backup " + location + " has " + head.contentLength()
                    + " bytes in S3, the file " + file.bytes());
        }
        String checksum = compare(location, upload, file, head);
        return new StoredBackup(
                location, file.bytes(), upload.parts(), checksum, Duration.ofNanos(System.nanoTime() - began));
    }

    private static String compare(String location, Upload upload, DumpedFile file, HeadObjectResponse head) {
        String sha256 = base64(HexFormat.of().parseHex(file.sha256()));
        if (upload.parts() == 1 && head.checksumSHA256() != null) {
            if (!head.checksumSHA256().equals(sha256)) {
                throw new BackupFailed("checksum mismatch for " + location + ": the file's SHA-256 is " + sha256
                        + " (base64), S3 holds " + head.checksumSHA256());
            }
            return "SHA-256 matched";
        }
        String etag = head.eTag() == null ? "" : head.eTag().replace("\"", "");
        if (!etag.equals(upload.etag())) {
            throw new BackupFailed("checksum mismatch for " + location + ": S3's ETag is "
                    + (etag.isEmpty() ? "missing" : etag)
                    + ", the file's MD5" + (upload.parts() == 1 ? " is " : " of its " + upload.parts() + " parts is ")
                    + upload.etag());
        }
        return upload.parts() == 1 ? "ETag (MD5) matched" : "ETag (MD5 of " + upload.parts() + " parts) matched";
    }

    private Upload putWhole(String bucket, String key, DumpedFile file) throws IOException {
        byte[] md5 = md5(file);
        s3.putObject(
                b -> b.bucket(bucket)
                        .key(key)
                        .contentLength(file.bytes())
                        .contentMD5(base64(md5))
                        .checksumSHA256(base64(HexFormat.of().parseHex(file.sha256())))
                        .metadata(Map.of("sha256", file.sha256())),
                RequestBody.fromFile(file.path()));
        return new Upload(1, HexFormat.of().formatHex(md5));
    }

    private Upload putInParts(String bucket, String key, DumpedFile file) throws IOException {
        String uploadId = s3.createMultipartUpload(
                        b -> b.bucket(bucket).key(key).metadata(Map.of("sha256", file.sha256())))
                .uploadId();
        try (InputStream in = Files.newInputStream(file.path())) {
            List<CompletedPart> parts = new ArrayList<>();
            ByteArrayOutputStream partMd5s = new ByteArrayOutputStream();
            byte[] buffer = new byte[(int) partSize];
            for (int number = 1; ; number++) {
                int length = in.readNBytes(buffer, 0, buffer.length);
                if (length == 0) {
                    break;
                }
                byte[] part = Arrays.copyOf(buffer, length);
                byte[] md5 = digest("MD5").digest(part);
                partMd5s.write(md5);
                int partNumber = number;
                String etag = s3.uploadPart(
                                b -> b.bucket(bucket)
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(partNumber)
                                        .contentLength((long) length)
                                        .contentMD5(base64(md5)),
                                RequestBody.fromBytes(part))
                        .eTag();
                parts.add(CompletedPart.builder()
                        .partNumber(partNumber)
                        .eTag(etag)
                        .build());
            }
            s3.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
            return new Upload(
                    parts.size(),
                    HexFormat.of().formatHex(digest("MD5").digest(partMd5s.toByteArray())) + "-" + parts.size());
        } catch (IOException | RuntimeException e) {
            try {
                s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static byte[] md5(DumpedFile file) throws IOException {
        MessageDigest md5 = digest("MD5");
        try (InputStream in = Files.newInputStream(file.path())) {
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                md5.update(buffer, 0, n);
            }
        }
        return md5.digest();
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has " + algorithm, e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** @param etag what S3's ETag must be: the MD5, or the MD5 of the parts' MD5s and {@code -N} */
    private record Upload(int parts, String etag) {}
}
