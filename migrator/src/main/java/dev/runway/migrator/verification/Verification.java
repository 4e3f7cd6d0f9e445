package dev.runway.migrator.verification;

import dev.runway.model.RollbackTrigger;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepFailed;
import dev.runway.model.event.StepSucceeded;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What verifying the database after a release's migrations came to: each item's finding, in the order measured, and
 * what was not checked and why. Deciding is kept apart from measuring: {@link #after} is a pure function of the two.
 *
 * @param notChecked sentences naming what was left out and why, e.g. that the release lists no expected columns
 */
public record Verification(List<Finding> findings, List<String> notChecked) {

    public Verification {
        findings = List.copyOf(findings);
        notChecked = List.copyOf(notChecked);
    }

    /** True when every item was measured and passed. */
    public boolean passed() {
        return !findings.isEmpty() && findings.stream().allMatch(f -> f.verdict() == Finding.Verdict.PASSED);
    }

    /** True when an item measured the database wrong; it outweighs an item that could not be measured. */
    public boolean corrupt() {
        return findings.stream().anyMatch(f -> f.verdict() == Finding.Verdict.FAILED);
    }

    /**
     * The step's conclusion once the migrations succeeded with {@code migrated}: that success with every fact
     * measured; or a failure naming the failed items, with {@link RollbackTrigger#DATABASE_CORRUPTION} when one was
     * measured wrong and without a trigger of its own (a plain step failure) when an item could not be measured.
     */
    public EventBody after(StepSucceeded migrated) {
        List<Measurement> measurements = new ArrayList<>(migrated.measurements());
        findings.forEach(f -> measurements.addAll(f.measurements()));
        if (passed()) {
            return new StepSucceeded(
                    migrated.summary() + "; verified: " + facts(Finding.Verdict.PASSED) + notCheckedText(),
                    measurements,
                    migrated.outputs());
        }
        String measured = facts(Finding.Verdict.PASSED);
        String after = "; after " + migrated.summary() + " (they stay applied until rolled back)"
                + (measured.isEmpty() ? "" : "; also measured: " + measured) + notCheckedText();
        if (corrupt()) {
            return new StepFailed(
                    "database verification failed: " + facts(Finding.Verdict.FAILED)
                            + (facts(Finding.Verdict.ERROR).isEmpty() ? "" : "; " + facts(Finding.Verdict.ERROR))
                            + after,
                    measurements,
                    RollbackTrigger.DATABASE_CORRUPTION);
        }
        return new StepFailed(
                "database verification could not be completed, so the database is not known to be intact: "
                        + facts(Finding.Verdict.ERROR) + after,
                measurements);
    }

    private String facts(Finding.Verdict verdict) {
        return findings.stream()
                .filter(f -> f.verdict() == verdict)
                .map(Finding::fact)
                .collect(Collectors.joining("; "));
    }

    private String notCheckedText() {
        return notChecked.isEmpty() ? "" : "; " + String.join("; ", notChecked);
    }
}
