package dev.runway.migrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.migrator.backup.BackupFailed;
import dev.runway.migrator.backup.BackupOutcome;
import dev.runway.migrator.backup.BackupStore;
import dev.runway.migrator.backup.DumpedFile;
import dev.runway.migrator.backup.PgDump;
import dev.runway.migrator.backup.PreMigrationBackup;
import dev.runway.migrator.backup.RecordingReporter;
import dev.runway.migrator.backup.Snapshot;
import dev.runway.migrator.backup.StoredBackup;
import dev.runway.migrator.backup.TestBackupConfig;
import dev.runway.migrator.config.MigratorConfig;
import dev.runway.migrator.rehearsal.MigrationRehearsal;
import dev.runway.migrator.rehearsal.RehearsalOutcome;
import dev.runway.migrator.verification.DatabaseVerifier;
import dev.runway.migrator.verification.Finding;
import dev.runway.migrator.verification.Verification;
import dev.runway.model.Phase;
import dev.runway.model.command.Command;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepProgressed;
import dev.runway.model.event.StepStarted;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.spec.Migration;
import dev.runway.worker.StepReporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runbook Step 2.1 comes before Step 2.3: no migration runs unless the backup was taken or may be skipped. */
class MigrationCommandHandlerBackupTest {

    private static final Migration CREATE_CUSTOMER =
            new Migration("20261127_001", "create customer", "CREATE TABLE customer (id int)", "DROP TABLE customer");
    private static final String SHA256 = "3f2a9c01d4e7b8a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2";

    @TempDir
    Path work;

    private final List<String> migrated = new ArrayList<>();
    private MigrationOutcome migration = new MigrationOutcome.Completed(
            "none",
            "20261127_001",
            List.of(new AppliedMigration("20261127_001", "create customer", Duration.ofMillis(40))));

    @Test
    void whenTheBackupFailsTheStepFailsNamingItAndNoMigrationRuns() {
        RecordingReporter reporter = new RecordingReporter();

        handler(true, failingStore()).carryOut(start("runway-backups"), reporter);

        assertThat(migrated).isEmpty();
        assertThat(reporter.reported).hasSize(2);
        assertThat(reporter.reported.get(0)).isInstanceOf(StepStarted.class);
        assertThat(((StepFailed) reporter.reported.get(1)).reason())
                .isEqualTo("backup before migration failed: uploading the backup to s3://runway-backups/shop/…"
                        + " failed: Access Denied; nothing was migrated");
    }

    @Test
    void withoutABucketAndWithTheBackupRequiredNoMigrationRuns() {
        RecordingReporter reporter = new RecordingReporter();

        handler(true, workingStore()).carryOut(start(null), reporter);

        assertThat(migrated).isEmpty();
        assertThat(((StepFailed) reporter.reported.get(1)).reason())
                .startsWith("backup NOT taken: no backup bucket configured for database shop")
                .contains("nothing was migrated");
    }

    @Test
    void theBackupIsReportedBeforeTheMigrationsAndItsLocationIsAnOutputOfTheStep() {
        RecordingReporter reporter = new RecordingReporter();

        handler(true, workingStore()).carryOut(start("runway-backups"), reporter);

        assertThat(migrated).containsExactly("shop");
        assertThat(reporter.reported)
                .extracting(b -> b.getClass().getSimpleName())
                .containsExactly("StepStarted", "StepProgressed", "StepProgressed", "StepSucceeded");
        assertThat(((StepProgressed) reporter.reported.get(1)).message()).startsWith("backup shop/");
        assertThat(((StepProgressed) reporter.reported.get(2)).message()).startsWith("Migration 20261127_001");
        StepSucceeded done = (StepSucceeded) reporter.reported.get(3);
        assertThat(done.outputs())
                .containsEntry(StepSucceeded.Outputs.BACKUP_SHA256, SHA256)
                .containsEntry(StepSucceeded.Outputs.SCHEMA_VERSION_AFTER, "20261127_001")
                .hasEntrySatisfying(
                        StepSucceeded.Outputs.BACKUP_LOCATION,
                        l -> assertThat(l).startsWith("s3://runway-backups/shop/"));
        assertThat(done.measurements()).extracting(m -> m.name()).contains("backup location", "20261127_001");
    }

    @Test
    void aMigrationFailingAfterTheBackupStillReportsWhereTheBackupIs() {
        migration = new MigrationOutcome.Failed(
                "migration 20261127_001 (create customer) failed: SQLSTATE 42P07", List.of());
        RecordingReporter reporter = new RecordingReporter();

        handler(true, workingStore()).carryOut(start("runway-backups"), reporter);

        StepFailed failed = (StepFailed) reporter.reported.get(reporter.reported.size() - 1);
        assertThat(failed.measurements())
                .filteredOn(m -> m.name().equals("backup location"))
                .singleElement()
                .satisfies(m -> assertThat(m.value()).startsWith("s3://runway-backups/shop/"));
    }

    private MigrationCommandHandler handler(boolean required, BackupStore store) {
        SchemaMigrator schema = new SchemaMigrator() {
            @Override
            public MigrationOutcome migrate(
                    TargetDatabase database,
                    String restorePoint,
                    List<Migration> migrations,
                    Duration timeout,
                    Consumer<AppliedMigration> onApplied) {
                migrated.add(database.name());
                migration.applied().forEach(onApplied);
                return migration;
            }

            @Override
            public RollbackOutcome rollBack(TargetDatabase database, String restorePoint) {
                throw new AssertionError("not asked");
            }
        };
        PgDump pgDump = new PgDump("pg_dump", "pg_restore", Duration.ofMinutes(1), new Redactor(List.of())) {
            @Override
            public DumpedFile dump(TargetDatabase database, Path file) {
                try {
                    Files.write(file, new byte[100]);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return new DumpedFile(file, 100, 3, SHA256, Duration.ofMillis(5));
            }
        };
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T14:23:00Z"), java.time.ZoneOffset.UTC);
        PreMigrationBackup backup = new PreMigrationBackup(
                new TestBackupConfig(required, work),
                pgDump,
                store,
                (instance, id) -> new Snapshot(id, instance, "available", true, Duration.ZERO),
                clock);
        // these tests are about the backup: the database they name does not exist, so its verification is a given
        DatabaseVerifier verifier = new DatabaseVerifier(() -> Duration.ofSeconds(1), new Redactor(List.of()), clock) {
            @Override
            public Verification verify(
                    TargetDatabase database, StartMigration start, java.util.function.Consumer<Finding> onFinding) {
                // Verification.passed() needs at least one finding: an empty verification is "could not be completed"
                return new Verification(
                        List.of(new Finding("schema version", Finding.Verdict.PASSED, "as expected", List.of())),
                        List.of());
            }
        };
        // these tests are about the backup: the rehearsal is MigrationRehearsalIT's
        MigrationRehearsal rehearsal = new MigrationRehearsal(schema, null, null, new Redactor(List.of()), clock) {
            @Override
            public RehearsalOutcome before(
                    UUID releaseId,
                    StartMigration start,
                    TargetDatabase production,
                    MigratorConfig.RehearsalServer where,
                    BackupOutcome backedUp,
                    Duration timeout,
                    StepReporter reporter) {
                return new RehearsalOutcome.NotRehearsed("not this test's subject");
            }
        };
        // these tests never roll back
        return new MigrationCommandHandler(
                schema, config(), new Redactor(List.of("pw")), clock, verifier, backup, null, rehearsal);
    }

    private static BackupStore workingStore() {
        return (bucket, key, file) ->
                new StoredBackup("s3://" + bucket + "/" + key, file.bytes(), 1, "SHA-256 matched", Duration.ZERO);
    }

    private static BackupStore failingStore() {
        return (bucket, key, file) -> {
            throw new BackupFailed("uploading the backup to s3://runway-backups/shop/… failed: Access Denied");
        };
    }

    private Command start(String bucket) {
        this.bucket = bucket;
        return Command.of(
                UUID.randomUUID(),
                UUID.randomUUID(),
                Instant.now(),
                Phase.DATABASE_MIGRATION,
                new StartMigration("shop", "runway-shop", List.of(CREATE_CUSTOMER), 600));
    }

    private String bucket;

    private MigratorConfig config() {
        MigratorConfig.Database shop = new MigratorConfig.Database() {
            @Override
            public String jdbcUrl() {
                return "jdbc:postgresql://db.internal:5432/shop";
            }

            @Override
            public String username() {
                return "runway_migrator";
            }

            @Override
            public String password() {
                return "pw";
            }

            @Override
            public MigratorConfig.RehearsalServer rehearsal() {
                return new MigratorConfig.RehearsalServer() {
                    @Override
                    public Optional<String> jdbcUrl() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> username() {
                        return Optional.empty();
                    }

                    @Override
                    public Optional<String> password() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public MigratorConfig.Backup backup() {
                return new MigratorConfig.Backup() {
                    @Override
                    public Optional<String> bucket() {
                        return Optional.ofNullable(bucket);
                    }

                    @Override
                    public Optional<String> rdsInstanceId() {
                        return Optional.empty();
                    }
                };
            }

            @Override
            public MigratorConfig.Rollback rollback() {
                return Optional::empty;
            }
        };
        return new MigratorConfig() {
            @Override
            public Map<String, Database> databases() {
                return Map.of("shop", shop);
            }

            @Override
            public Duration changelogLockWait() {
                return Duration.ofMinutes(5);
            }
        };
    }
}
