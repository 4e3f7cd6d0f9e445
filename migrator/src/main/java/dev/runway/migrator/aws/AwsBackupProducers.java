package dev.runway.migrator.aws;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.backup.BackupConfig;
import dev.runway.migrator.backup.BackupStore;
import dev.runway.migrator.backup.DatabaseSnapshots;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** The backup's S3 and RDS clients, from {@code runway.migrator.backup}; built on first use, closed at shutdown. */
class AwsBackupProducers {

    @Produces
    @Singleton
    S3Client s3(BackupConfig config) {
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config));
        // an S3-compatible store at its own endpoint (S3Proxy, MinIO) has no bucket host names
        config.s3Endpoint()
                .ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }

    void close(@Disposes S3Client s3) {
        s3.close();
    }

    @Produces
    @Singleton
    RdsClient rds(BackupConfig config) {
        RdsClientBuilder builder = RdsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config));
        config.rdsEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    void close(@Disposes RdsClient rds) {
        rds.close();
    }

    @Produces
    @Singleton
    BackupStore backupStore(S3Client s3, BackupConfig config, Redactor redactor) {
        return new S3BackupStore(s3, config.partSize().asLongValue(), redactor);
    }

    @Produces
    @Singleton
    DatabaseSnapshots databaseSnapshots(RdsClient rds, BackupConfig config, Redactor redactor) {
        return new RdsSnapshots(rds, config.snapshotPollInterval(), config.snapshotTimeout(), redactor);
    }

    private static AwsCredentialsProvider credentials(BackupConfig config) {
        if (config.accessKey().isPresent() && config.secretKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    config.accessKey().get(), config.secretKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
