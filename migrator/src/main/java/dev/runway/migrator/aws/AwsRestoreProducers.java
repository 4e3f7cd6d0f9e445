package dev.runway.migrator.aws;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.restore.BackupFetcher;
import dev.runway.migrator.restore.RdsRestores;
import dev.runway.migrator.restore.RollbackConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.s3.S3Client;

/** The rollback's S3 and RDS adapters, on the backup's clients (same endpoints, region and credentials). */
class AwsRestoreProducers {

    @Produces
    @Singleton
    BackupFetcher backupFetcher(S3Client s3, Redactor redactor) {
        return new S3BackupFetcher(s3, redactor);
    }

    @Produces
    @Singleton
    RdsRestores rdsRestores(RdsClient rds, RollbackConfig config, Redactor redactor) {
        return new RdsInstanceRestores(rds, config.rdsPollInterval(), config.rdsTimeout(), redactor);
    }
}
