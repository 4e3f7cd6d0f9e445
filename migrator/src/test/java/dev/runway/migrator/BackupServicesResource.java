package dev.runway.migrator;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.runway.infra.S3Server;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What runbook Step 2.1 needs around the target databases: a real S3 (S3Proxy) with the backup bucket, RDS's Query API
 * as WireMock answers it, and Debian's pg_dump behind a wrapper that records each run (its arguments, never its
 * environment), so a test can count dumps and read what was on pg_dump's command line.
 *
 * <p>Only the databases named here have a backup bucket; the suite's other databases migrate without one, as
 * {@code runway.migrator.backup.required=false} allows, and their steps say so.
 */
public class BackupServicesResource implements QuarkusTestResourceLifecycleManager {

    public static final String BUCKET = "runway-backups";
    public static final String ACCESS_KEY = "runway-migrator";
    public static final String SECRET_KEY = "S3-secret-" + UUID.randomUUID();
    /** Backed up in one PUT. */
    public static final String STOREFRONT = "storefront";
    /** Holds more than one part's worth of random bytes: uploaded in parts. */
    public static final String CHECKOUT = "checkout";
    /** Holds a schema the migrator's role may not read, so pg_dump fails. */
    public static final String RESTRICTED = "restricted";
    /** Runs on "RDS": a snapshot of {@link #RDS_INSTANCE} is taken too. */
    public static final String PAYMENTS = "payments";

    public static final String RDS_INSTANCE = "payments-prod";
    /** Has no backup bucket. */
    public static final String UNBACKED = "unbacked";

    public static final Path PG_DUMP_CALLS = Path.of("target/pg_dump-calls.log").toAbsolutePath();

    private static S3Server s3;
    private static WireMockServer rds;

    public static synchronized S3Server s3() {
        if (s3 == null) {
            s3 = S3Server.start(ACCESS_KEY, SECRET_KEY);
            s3.createBucket(BUCKET);
        }
        return s3;
    }

    public static synchronized WireMockServer rds() {
        if (rds == null) {
            rds = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
            rds.start();
        }
        return rds;
    }

    @Override
    public Map<String, String> start() {
        TargetDatabasesResource.server();
        try (Connection c = TargetDatabasesResource.admin(RESTRICTED);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS audit");
            s.execute("CREATE TABLE IF NOT EXISTS audit.trail (note text)");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("runway.migrator.backup.required", "false");
        config.put("runway.migrator.backup.s3-endpoint", s3().endpoint().toString());
        config.put("runway.migrator.backup.access-key", ACCESS_KEY);
        config.put("runway.migrator.backup.secret-key", SECRET_KEY);
        config.put("runway.migrator.backup.rds-endpoint", "http://127.0.0.1:" + rds().port());
        config.put("runway.migrator.backup.part-size", "5M");
        config.put("runway.migrator.backup.pg-dump-path", countingPgDump().toString());
        config.put(
                "runway.migrator.backup.work-directory",
                Path.of("target/backups").toAbsolutePath().toString());
        config.put("runway.migrator.backup.snapshot-poll-interval", "50ms");
        config.put("runway.migrator.backup.snapshot-timeout", "10s");
        // the suite's databases without a backup cannot be rehearsed; MigrationRehearsalIT's have one
        config.put("runway.migrator.rehearsal.required", "false");
        for (String db : new String[] {
            STOREFRONT, CHECKOUT, RESTRICTED, PAYMENTS, "rehearsed", "misfit", "sluggish", "consented", "resumed"
        }) {
            config.put("runway.databases." + db + ".backup.bucket", BUCKET);
        }
        config.put("runway.databases." + PAYMENTS + ".backup.rds-instance-id", RDS_INSTANCE);
        return config;
    }

    private static Path countingPgDump() {
        Path script = Path.of("target/pg_dump-counting.sh").toAbsolutePath();
        try {
            Files.createDirectories(script.getParent());
            Files.deleteIfExists(PG_DUMP_CALLS);
            Files.writeString(script, "#!/bin/sh\necho \"$*\" >> '" + PG_DUMP_CALLS + "'\nexec pg_dump \"$@\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return script;
    }

    @Override
    public void stop() {
        // the servers live as long as the JVM, shared by every test class
    }
}
