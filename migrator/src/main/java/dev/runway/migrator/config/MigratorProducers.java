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
        return new Redactor(Stream.of(
                        config.databases().values().stream().map(MigratorConfig.Database::password),
                        config.databases().values().stream().flatMap(db -> db.rehearsal().password().stream()),
                        backup.secretKey().stream())
                .flatMap(s -> s)
                .toList());
    }
}
