package dev.runway.migrator.aws;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.rehearsal.BackupDownloads;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.s3.S3Client;

/** The rehearsal reads the backup back through the backup's own S3 client. */
class AwsRehearsalProducers {

    @Produces
    @Singleton
    BackupDownloads backupDownloads(S3Client s3, Redactor redactor) {
        return new S3BackupDownloads(s3, redactor);
    }
}
