package dev.runway.migrator.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.infra.PostgresClientTools;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.TargetDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of a dump with Debian's real pg_restore, behind stand-ins for pg_dump that misbehave as a broken one could:
 * a corrupt file, an empty one, a hang. The real pg_dump against a real database is in PreMigrationBackupIT.
 */
class PgDumpIT {

    private static final String PASSWORD = "Pw-" + java.util.UUID.randomUUID();
    private static final TargetDatabase SHOP = new TargetDatabase(
            "shop", "jdbc:postgresql://db.internal:6543/shop?sslmode=require", "runway_migrator", PASSWORD);

    @TempDir
    Path work;

    @BeforeAll
    static void pgRestoreIsInstalled() {
        PostgresClientTools.ensureInstalled();
    }

    @Test
    void aDumpPgRestoreCannotReadFailsTheBackupAsNotVerified() throws Exception {
        PgDump pgDump = new PgDump(
                fakePgDump("printf 'not a custom-format archive' > \"$file\""),
                "pg_restore",
                Duration.ofSeconds(30),
                new Redactor(List.of(PASSWORD)));

        assertThatThrownBy(() -> pgDump.dump(SHOP, work.resolve("shop.dump")))
                .isInstanceOf(BackupFailed.class)
                .hasMessageStartingWith("pg_restore --list of the backup of shop exited with 1: pg_restore: error:")
                .hasMessageContaining("does not appear to be a valid archive");
    }

    @Test
    void anEmptyDumpFailsTheBackup() throws Exception {
        PgDump pgDump = new PgDump(
                fakePgDump(": > \"$file\""), "pg_restore", Duration.ofSeconds(30), new Redactor(List.of(PASSWORD)));

        assertThatThrownBy(() -> pgDump.dump(SHOP, work.resolve("shop.dump")))
                .isInstanceOf(BackupFailed.class)
                .hasMessage("pg_dump of database shop wrote an empty file");
    }

    @Test
    void aPgDumpStillRunningAtTheTimeoutFailsTheBackupNamingTheSetting() throws Exception {
        PgDump pgDump = new PgDump(
                fakePgDump("exec sleep 30"), "pg_restore", Duration.ofMillis(500), new Redactor(List.of(PASSWORD)));
        long began = System.nanoTime();

        assertThatThrownBy(() -> pgDump.dump(SHOP, work.resolve("shop.dump")))
                .isInstanceOf(BackupFailed.class)
                .hasMessage(
                        "pg_dump of database shop did not finish within 0.5s (runway.migrator.backup.dump-timeout)");
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void thePasswordReachesPgDumpInItsEnvironmentOnlyAndAnErrorQuotingItIsMasked() throws Exception {
        Path seen = work.resolve("seen");
        PgDump pgDump = new PgDump(
                fakePgDump("echo \"args: $*\" > '" + seen + "'; echo \"env: $PGPASSWORD $PGSSLMODE\" >> '" + seen
                        + "'; echo \"pg_dump: error: password $PGPASSWORD rejected\" >&2; exit 1"),
                "pg_restore",
                Duration.ofSeconds(30),
                new Redactor(List.of(PASSWORD)));

        assertThatThrownBy(() -> pgDump.dump(SHOP, work.resolve("shop.dump")))
                .isInstanceOf(BackupFailed.class)
                .hasMessage("pg_dump of database shop exited with 1: pg_dump: error: password **** rejected");
        List<String> lines = Files.readAllLines(seen);
        assertThat(lines.get(0))
                .isEqualTo("args: --format=custom --compress=9 --no-password --host=db.internal --port=6543"
                        + " --username=runway_migrator --dbname=shop --file=" + work.resolve("shop.dump"));
        assertThat(lines.get(1)).isEqualTo("env: " + PASSWORD + " require");
    }

    @Test
    void anIpv6HostWithoutAPortIsReachedOnPostgresDefaultPort() throws Exception {
        Path seen = work.resolve("seen");
        PgDump pgDump = new PgDump(
                fakePgDump("echo \"$*\" > '" + seen + "'; exit 3"),
                "pg_restore",
                Duration.ofSeconds(30),
                new Redactor(List.of(PASSWORD)));
        TargetDatabase local = new TargetDatabase("shop", "jdbc:postgresql://[::1]/shop", "runway_migrator", PASSWORD);

        assertThatThrownBy(() -> pgDump.dump(local, work.resolve("shop.dump")))
                .hasMessage("pg_dump of database shop exited with 3: it wrote nothing to stderr");
        assertThat(Files.readString(seen)).contains("--host=::1 --port=5432 --username=runway_migrator --dbname=shop ");
    }

    @Test
    void aJdbcUrlThatIsNotPostgresFailsTheBackupWithoutRunningPgDump() {
        PgDump pgDump = new PgDump("pg_dump", "pg_restore", Duration.ofSeconds(5), new Redactor(List.of()));
        TargetDatabase other = new TargetDatabase("shop", "jdbc:mysql://db/shop", "u", PASSWORD);

        assertThatThrownBy(() -> pgDump.dump(other, work.resolve("shop.dump")))
                .isInstanceOf(BackupFailed.class)
                .hasMessage("pg_dump cannot connect to database shop: its JDBC URL is not"
                        + " jdbc:postgresql://host[:port]/database");
    }

    @Test
    void aPgDumpThatCannotBeStartedFailsTheBackupNamingThePath() {
        PgDump pgDump = new PgDump(
                work.resolve("no-such-pg_dump").toString(),
                "pg_restore",
                Duration.ofSeconds(5),
                new Redactor(List.of()));

        assertThatThrownBy(() -> pgDump.dump(SHOP, work.resolve("shop.dump")))
                .isInstanceOf(BackupFailed.class)
                .hasMessageStartingWith(
                        "pg_dump of database shop could not be run (" + work.resolve("no-such-pg_dump"));
    }

    /** A pg_dump stand-in: {@code $file} is the path it was told to write. */
    private String fakePgDump(String body) throws Exception {
        Path script = work.resolve("pg_dump-" + System.nanoTime() + ".sh");
        Files.writeString(
                script,
                "#!/bin/sh\nfor a in \"$@\"; do case \"$a\" in --file=*) file=\"${a#--file=}\";; esac; done\n" + body
                        + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }
}
