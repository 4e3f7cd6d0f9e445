package dev.runway.migrator.config;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.backup.BackupConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.stream.Stream;

class MigratorProducers {

    @Produces
    @Singleton
    Redactor redactor(MigratorConfig config, BackupConfig backup) {
        return new Redactor(Stream.concat(
                        config.databases().values().stream().map(MigratorConfig.Database::password),
                        backup.secretKey().stream())
                .toList());
    }
}
