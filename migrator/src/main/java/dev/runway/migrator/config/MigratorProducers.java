package dev.runway.migrator.config;

import dev.runway.migrator.Redactor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

class MigratorProducers {

    @Produces
    @Singleton
    Redactor redactor(MigratorConfig config) {
        return new Redactor(config.databases().values().stream()
                .map(MigratorConfig.Database::password)
                .toList());
    }
}
