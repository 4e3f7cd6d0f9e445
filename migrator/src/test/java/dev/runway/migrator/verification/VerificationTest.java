package dev.runway.migrator.verification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepSucceeded;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the findings after the migrations conclude the step: the worst verdict decides, every fact is kept. */
class VerificationTest {

    private static final Instant AT = Instant.parse("2026-11-27T14:20:00Z");
    private static final StepSucceeded MIGRATED = new StepSucceeded(
            "2 migration(s) applied to shop, total duration 0.3s; schema version none -> 002",
            List.of(measurement("002", "120", Measurement.Status.SUCCESSFUL)),
            Map.of(StepSucceeded.Outputs.SCHEMA_VERSION_AFTER, "002"));

    private static final Finding VERSION = passed("schema version 002 = target 002 (the release's last migration)");
    private static final Finding INDEXES = passed("indexes: 14 valid, 0 invalid");
    private static final Finding ORPHANS = new Finding(
            "referential integrity",
            Finding.Verdict.FAILED,
            "referential integrity: 6 foreign key(s), 2 orphan row(s): foreign key f on public.t has 2 orphan row(s)",
            List.of(measurement("orphanRows", "2", Measurement.Status.FAILED)));
    private static final Finding UNREAD = new Finding(
            "check totals",
            Finding.Verdict.ERROR,
            "check totals could not run: SQLSTATE 42P01 undefined_table",
            List.of(measurement("check totals", "", Measurement.Status.ERROR)));

    @Test
    void whenEveryItemPassedTheMigrationsSucceedWithEveryFactAndWhatWasNotChecked() {
        EventBody concluded =
                new Verification(List.of(VERSION, INDEXES), List.of("no release checks: none listed")).after(MIGRATED);

        assertThat(concluded).isInstanceOfSatisfying(StepSucceeded.class, s -> {
            assertThat(s.summary())
                    .isEqualTo(MIGRATED.summary() + "; verified: schema version 002 = target 002 (the release's last"
                            + " migration); indexes: 14 valid, 0 invalid; no release checks: none listed");
            assertThat(s.outputs()).isEqualTo(MIGRATED.outputs());
            assertThat(s.measurements()).extracting(Measurement::name).containsExactly("002", "schemaVersion", "i");
        });
    }

    @Test
    void aMeasuredViolationFailsTheStepAsDatabaseCorruptionNamingTheItemFirst() {
        EventBody concluded = new Verification(List.of(VERSION, ORPHANS, UNREAD), List.of()).after(MIGRATED);

        assertThat(concluded).isInstanceOfSatisfying(StepFailed.class, f -> {
            assertThat(f.trigger()).isEqualTo(RollbackTrigger.DATABASE_CORRUPTION);
            assertThat(f.reason())
                    .startsWith("database verification failed: referential integrity: 6 foreign key(s), 2 orphan"
                            + " row(s): foreign key f on public.t has 2 orphan row(s); check totals could not run")
                    .contains("; after " + MIGRATED.summary() + " (they stay applied until rolled back)")
                    .endsWith("; also measured: schema version 002 = target 002 (the release's last migration)");
        });
    }

    /** Not measured is not known to be corrupt: a plain step failure, which rolls back too, never a pass. */
    @Test
    void anItemThatCouldNotBeMeasuredFailsTheStepWithoutClaimingCorruption() {
        EventBody concluded = new Verification(List.of(VERSION, UNREAD), List.of()).after(MIGRATED);

        assertThat(concluded).isInstanceOfSatisfying(StepFailed.class, f -> {
            assertThat(f.trigger()).isNull();
            assertThat(f.reason())
                    .startsWith("database verification could not be completed, so the database is not known to be"
                            + " intact: check totals could not run: SQLSTATE 42P01 undefined_table");
        });
    }

    @Test
    void noFindingAtAllIsNoPass() {
        assertThat(new Verification(List.of(), List.of()).passed()).isFalse();
    }

    private static Finding passed(String fact) {
        return new Finding(
                fact.substring(0, fact.indexOf(' ')),
                Finding.Verdict.PASSED,
                fact,
                List.of(measurement(
                        fact.startsWith("schema") ? "schemaVersion" : "i", "1", Measurement.Status.SUCCESSFUL)));
    }

    private static Measurement measurement(String name, String value, Measurement.Status status) {
        return new Measurement(name, value, "", status, AT);
    }
}
