package dev.runway.migrator.aws;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.rehearsal.BackupDownloads;
import dev.runway.migrator.rehearsal.RehearsalFailed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads a backup back from S3, by the {@code s3://bucket/key} location the backup reported. */
public class S3BackupDownloads implements BackupDownloads {

    private static final String SCHEME = "s3://";

    private final S3Client s3;
    private final Redactor redactor;

    public S3BackupDownloads(S3Client s3, Redactor redactor) {
        this.s3 = s3;
        this.redactor = redactor;
    }

    @Override
    public void download(String location, Path file) {
        int slash = location.indexOf('/', SCHEME.length());
        if (!location.startsWith(SCHEME) || slash < 0) {
            throw new RehearsalFailed("the backup location " + location + " is not s3://bucket/key");
        }
        String bucket = location.substring(SCHEME.length(), slash);
        String key = location.substring(slash + 1);
        try {
            Files.deleteIfExists(file);
            s3.getObject(b -> b.bucket(bucket).key(key), file);
        } catch (SdkException | IOException e) {
            throw new RehearsalFailed(
                    "the backup " + location + " could not be read back: " + redactor.redact(e.getMessage()), e);
        }
    }
}
