package dev.runway.migrator.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.infra.S3Server;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.backup.BackupFailed;
import dev.runway.migrator.backup.DumpedFile;
import dev.runway.migrator.backup.PgDump;
import dev.runway.migrator.backup.StoredBackup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The store against a real S3 (S3Proxy): what S3 holds is compared with the file, and a difference fails. */
class S3BackupStoreIT {

    private static final String BUCKET = "store-it";
    private static final long FIVE_MIB = S3BackupStore.MINIMUM_PART_SIZE;
    private static final String SECRET = "secret-" + java.util.UUID.randomUUID();

    private static S3Server server;

    @TempDir
    Path work;

    @BeforeAll
    static void start() {
        server = S3Server.start("store-it", SECRET);
        server.createBucket(BUCKET);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSmallFileIsPutWholeAndItsSha256IsTheOneS3Holds() throws Exception {
        DumpedFile file = file(300_000);

        StoredBackup stored = new S3BackupStore(server.client(), FIVE_MIB, new Redactor(List.of()))
                .store(BUCKET, "shop/r1/small.dump", file);

        assertThat(stored.location()).isEqualTo("s3://store-it/shop/r1/small.dump");
        assertThat(stored.parts()).isEqualTo(1);
        assertThat(stored.checksum()).isEqualTo("SHA-256 matched");
        assertThat(fetchedSha256("shop/r1/small.dump")).isEqualTo(file.sha256());
    }

    @Test
    void aFileAboveThePartSizeGoesUpInPartsAndTheEtagOfItsPartsIsCompared() throws Exception {
        DumpedFile file = file(2 * FIVE_MIB + 123);

        StoredBackup stored = new S3BackupStore(server.client(), FIVE_MIB, new Redactor(List.of()))
                .store(BUCKET, "shop/r1/large.dump", file);

        assertThat(stored.parts()).isEqualTo(3);
        assertThat(stored.checksum()).isEqualTo("ETag (MD5 of 3 parts) matched");
        assertThat(stored.bytes()).isEqualTo(2 * FIVE_MIB + 123);
        assertThat(fetchedSha256("shop/r1/large.dump")).isEqualTo(file.sha256());
    }

    @Test
    void aMultipartObjectWhoseEtagDiffersFromTheFilesPartsFailsTheBackup() throws Exception {
        DumpedFile file = file(FIVE_MIB + 1);
        S3Client tampered = client(head ->
                head.toBuilder().eTag("\"00000000000000000000000000000000-2\"").build());

        assertThatThrownBy(() -> new S3BackupStore(tampered, FIVE_MIB, new Redactor(List.of()))
                        .store(BUCKET, "shop/r2/large.dump", file))
                .isInstanceOf(BackupFailed.class)
                .hasMessageMatching("checksum mismatch for s3://store-it/shop/r2/large.dump: S3's ETag is"
                        + " 0{32}-2, the file's MD5 of its 2 parts is [0-9a-f]{32}-2");
    }

    @Test
    void aSinglePutWhoseSha256DiffersFromTheFilesFailsTheBackup() throws Exception {
        DumpedFile file = file(1_000);
        S3Client tampered = client(head -> head.toBuilder()
                .checksumSHA256("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                .build());

        assertThatThrownBy(() -> new S3BackupStore(tampered, FIVE_MIB, new Redactor(List.of()))
                        .store(BUCKET, "shop/r3/small.dump", file))
                .isInstanceOf(BackupFailed.class)
                .hasMessageStartingWith(
                        "checksum mismatch for s3://store-it/shop/r3/small.dump: the file's SHA-256 is ")
                .hasMessageEndingWith("S3 holds AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    }

    @Test
    void aMissingBucketFailsTheBackupNamingTheLocationAndNotTheSecretKey() throws Exception {
        DumpedFile file = file(1_000);

        assertThatThrownBy(() -> new S3BackupStore(server.client(), FIVE_MIB, new Redactor(List.of(SECRET)))
                        .store("no-such-bucket", "shop/r4/small.dump", file))
                .isInstanceOf(BackupFailed.class)
                .hasMessageStartingWith("uploading the backup to s3://no-such-bucket/shop/r4/small.dump failed: ")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aPartSizeBelowWhatS3AcceptsIsRefused() {
        assertThatThrownBy(() -> new S3BackupStore(server.client(), FIVE_MIB - 1, new Redactor(List.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("5 MiB");
    }

    private DumpedFile file(long bytes) throws Exception {
        byte[] content = new byte[(int) bytes];
        new Random(bytes).nextBytes(content);
        Path path = Files.createTempFile(work, "backup-", ".dump");
        Files.write(path, content);
        return new DumpedFile(path, bytes, 1, PgDump.sha256(path), Duration.ZERO);
    }

    private String fetchedSha256(String key) throws Exception {
        Path fetched = Files.createTempFile(work, "fetched-", ".dump");
        try (S3Client s3 = server.client()) {
            Files.write(
                    fetched, s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray());
        }
        return PgDump.sha256(fetched);
    }

    /** A client whose HEAD answers are altered on the way back, as if the object S3 holds differed from the file. */
    private static S3Client client(UnaryOperator<HeadObjectResponse> alter) {
        ExecutionInterceptor interceptor = new ExecutionInterceptor() {
            @Override
            public SdkResponse modifyResponse(Context.ModifyResponse context, ExecutionAttributes attributes) {
                return context.response() instanceof HeadObjectResponse head ? alter.apply(head) : context.response();
            }
        };
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(software.amazon.awssdk.regions.Region.of(S3Server.REGION))
                .forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("store-it", SECRET)))
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor))
                .build();
    }
}
