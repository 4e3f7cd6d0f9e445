package dev.runway.migrator.config;

import dev.runway.migrator.Redactor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

class MigratorProducers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Redactor redactor(MigratorConfig config) {
        return new Redactor(config.databases().values().stream()
                .map(MigratorConfig.Database::password)
                .toList());
    }
}
