package dev.runway.notifier;

import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Facts;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Writes the runbook's war-room messages (Steps 1.1, 10.2, R1 and R5, the incident report's summary after a
 * rollback, and Runway's decision requests and hypercare alerts) from an {@link Announce}'s facts. A message states only what a fact backs:
 * a missing fact reads "not reported", never a claim such as "healthy". Pure: the same announcement and time always give the same text, so a redelivered command
 * would read the same.
 */
public final class Announcements {

    /** Runbook Step 1.1 states it; Runway does not estimate per release. */
    static final String EXPECTED_DURATION = "45-60 minutes";
    /** Runbook Step R1 states it; the rollback steps R2-R4 add up to about that. */
    static final String ROLLBACK_ETA = "5 minutes";

    static final String NOT_REPORTED = "not reported";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Announcements() {}

    /**
     * @param at when the coordinator decided to announce; it stands for the runbook's
     *           {@code $(date)}
     */
    public static ChatMessage compose(Announce announce, Instant at) {
        Map<String, String> facts = announce.facts();
        String version = version(announce.version());
        String release = announce.application() + " " + version + " in " + announce.environment();
        return switch (announce.announcement()) {
            case DEPLOYMENT_STARTED ->
                message(
                        "🚀 DEPLOYMENT STARTED - " + version,
                        "Application: " + announce.application() + " (" + announce.environment() + ")",
                        "Start time: " + TIME.format(at),
                        "Deployment lead: " + fact(facts, Facts.REQUESTED_BY),
                        "Expected duration: " + EXPECTED_DURATION);
            case DEPLOYMENT_COMPLETE ->
                message(
                        "✅ DEPLOYMENT COMPLETE - " + version,
                        "",
                        "Status: SUCCESS",
                        "Duration: " + fact(facts, Facts.DURATION),
                        "Smoke Tests: " + fact(facts, Facts.SMOKE_TESTS),
                        "Version: " + version,
                        "Rollout: " + fact(facts, Facts.ROLLOUT),
                        "Monitoring: " + fact(facts, Facts.MONITORING),
                        "",
                        hypercare(facts));
            case ROLLBACK_INITIATED ->
                message(
                        "🚨 ROLLBACK INITIATED",
                        "Release: " + release,
                        "Reason: " + fact(facts, Facts.REASON),
                        "Trigger: " + fact(facts, Facts.TRIGGER),
                        "Time: " + TIME.format(at),
                        "ETA: " + ROLLBACK_ETA);
            case ROLLBACK_COMPLETE ->
                message(
                        "✅ ROLLBACK COMPLETE",
                        "",
                        "Previous version restored: " + optionalVersion(facts.get(Facts.PREVIOUS_VERSION)),
                        "Rollback duration: " + fact(facts, Facts.DURATION),
                        "Verification: " + fact(facts, Facts.VERIFICATION),
                        "",
                        "Rolled back: " + release,
                        "Root cause: " + fact(facts, Facts.REASON));
            case ROLLBACK_FAILED ->
                message(
                        "🔥 ROLLBACK FAILED",
                        "Release: " + release,
                        "Reason: " + fact(facts, Facts.REASON),
                        "Time: " + TIME.format(at),
                        "The on-call page stays open at critical severity: manual intervention required.");
            case DEPLOYMENT_ABORTED ->
                message(
                        "⛔ DEPLOYMENT ABORTED - " + version,
                        "Application: " + announce.application() + " (" + announce.environment() + ")",
                        "Reason: " + fact(facts, Facts.REASON),
                        "Time: " + TIME.format(at));
            case DECISION_REQUESTED ->
                message(
                        "⚠️ ROLLBACK DECISION REQUESTED - " + version,
                        "Release: " + release,
                        "Trigger: " + fact(facts, Facts.TRIGGER) + " (" + fact(facts, Facts.SEVERITY)
                                + " ROLLBACK in the runbook: a person decides)",
                        "Evidence: " + fact(facts, Facts.EVIDENCE),
                        "Decide by: " + fact(facts, Facts.DECIDE_BY) + "; without a decision: "
                                + fact(facts, Facts.ON_TIMEOUT),
                        "Roll back: " + fact(facts, Facts.DECISION_COMMAND),
                        "Continue: the same call with \"action\":\"CONTINUE\"");
            case HYPERCARE_ALERT ->
                message(
                        "🚨 HYPERCARE ALERT - " + version,
                        "Release: " + release + " (completed; hypercare until " + fact(facts, Facts.HYPERCARE_UNTIL)
                                + ")",
                        "Trigger: " + fact(facts, Facts.TRIGGER) + " (" + fact(facts, Facts.SEVERITY) + ")",
                        "Evidence: " + fact(facts, Facts.EVIDENCE),
                        "Roll back: " + fact(facts, Facts.DECISION_COMMAND));
            case VOTE_REQUESTED ->
                message(
                        "🗳️ GO/NO-GO VOTE REQUESTED - " + version,
                        "Release: " + release + " (requested by " + fact(facts, Facts.REQUESTED_BY) + ")",
                        "Voters: " + fact(facts, Facts.VOTERS) + " (each a different person)",
                        "Vote by: " + fact(facts, Facts.VOTE_BY) + "; without consensus the deployment is aborted",
                        migrations(facts),
                        "Vote: " + fact(facts, Facts.VOTE_COMMAND));
            case INCIDENT_REPORT -> message("📋 INCIDENT REPORT - " + version, fact(facts, Facts.INCIDENT_REPORT));
        };
    }

    /** A DBA approves the migrations by their hash; a release without migrations says so. */
    private static String migrations(Map<String, String> facts) {
        String hash = facts.get(Facts.MIGRATIONS_HASH);
        return hash == null || hash.isBlank()
                ? "Migrations: none"
                : "Migrations: the DATABASE_ADMINISTRATOR's GO must carry " + hash;
    }

    /** Says hypercare is running only when the coordinator says a guard is still watching. */
    private static String hypercare(Map<String, String> facts) {
        String hypercare = facts.get(Facts.HYPERCARE);
        return hypercare == null || hypercare.isBlank()
                ? "Hypercare: not running (no guard was watching at completion)."
                : "Hypercare: " + hypercare;
    }

    /** The runbook writes versions as {@code v1.4.0}; a spec may already say {@code v1.4.0}. */
    public static String version(String version) {
        if (version == null || version.isBlank()) {
            return "v?";
        }
        String trimmed = version.strip();
        return trimmed.startsWith("v") || trimmed.startsWith("V") ? "v" + trimmed.substring(1) : "v" + trimmed;
    }

    private static String optionalVersion(String version) {
        return version == null || version.isBlank() ? NOT_REPORTED : version(version);
    }

    private static String fact(Map<String, String> facts, String key) {
        String value = facts.get(key);
        return value == null || value.isBlank() ? NOT_REPORTED : value;
    }

    private static ChatMessage message(String headline, String... lines) {
        StringJoiner text = new StringJoiner("\n").add(headline);
        for (String line : lines) {
            text.add(line);
        }
        return new ChatMessage(headline, text.toString());
    }
}
