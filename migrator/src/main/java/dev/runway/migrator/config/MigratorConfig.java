package dev.runway.migrator.config;

import io.smallrye.config.ConfigMapping;
import java.util.Map;

/** The migrator's configuration. */
@ConfigMapping(prefix = "runway")
public interface MigratorConfig {

    /**
     * The databases a release may migrate, by the name the coordinator's targets give them
     * ({@code runway.targets."<app>"."<env>".database}).
     */
    Map<String, Database> databases();

    interface Database {
        /** e.g. {@code jdbc:postgresql://db.internal:5432/shop} */
        String jdbcUrl();

        String username();

        /** Never logged, never reported: the migrator masks it in every message. */
        String password();
    }
}
