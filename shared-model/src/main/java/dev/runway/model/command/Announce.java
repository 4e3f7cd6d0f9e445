package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;
import dev.runway.model.spec.NotificationTargets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Post one of the runbook's announcements to chat and, for rollbacks, page (notifier).
 *
 * @param facts what the message states: reason, previous version, duration and the like
 */
public record Announce(
        Announcement announcement,
        String application,
        String environment,
        String version,
        NotificationTargets targets,
        Map<String, String> facts)
        implements CommandBody {

    public Announce {
        facts = facts == null ? Map.of() : new TreeMap<>(facts);
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.NOTIFICATION_COMMANDS;
    }

    /** The runbook's messages. */
    public enum Announcement {
        /** Step 1.1. */
        DEPLOYMENT_STARTED,
        /** Step 10.2. */
        DEPLOYMENT_COMPLETE,
        /** Step R1; also triggers a PagerDuty alert. */
        ROLLBACK_INITIATED,
        /** Step R5; also resolves the PagerDuty alert. */
        ROLLBACK_COMPLETE,
        /** The rollback itself failed; the PagerDuty alert stays open at critical severity. */
        ROLLBACK_FAILED,
        /** NO-GO, failed pre-flight check, or maximum duration exceeded. */
        DEPLOYMENT_ABORTED,
        /**
         * An "EVALUATE ROLLBACK" guard rule fired: a person must decide (chat and page). States the evidence, the
         * deadline, what happens without a decision and how to decide.
         */
        DECISION_REQUESTED,
        /**
         * A guard rule fired during hypercare, after the release completed (chat and page). States the evidence and the
         * one command that rolls the release back.
         */
        HYPERCARE_ALERT,
        /**
         * GO/NO-GO: the release waits for a vote by a holder of each required role (chat). States the roles, the
         * deadline, the migrations' content hash a DBA vote must carry, and how to vote.
         */
        VOTE_REQUESTED,
        /**
         * Post-Rollback Actions, step 1: the incident report's summary (trigger and evidence, times, what was rolled
         * back, versions, link to the whole report), posted to chat once when a rollback ends. Chat only: the
         * rollback's own announcements page.
         */
        INCIDENT_REPORT;

        /** The message's heading as people read it, e.g. "ROLLBACK INITIATED". */
        public String title() {
            return name().replace('_', ' ');
        }
    }

    /** Keys of {@link #facts()}. */
    public static final class Facts {
        public static final String REASON = "reason";
        public static final String PREVIOUS_VERSION = "previousVersion";
        public static final String DURATION = "duration";
        public static final String REQUESTED_BY = "requestedBy";
        public static final String SMOKE_TESTS = "smokeTests";
        public static final String ROLLOUT = "rollout";
        public static final String TRIGGER = "trigger";
        /** The guard rule that fired, e.g. {@code error-rate-evaluate}. */
        public static final String RULE = "rule";
        /** The fired rule's severity: {@code IMMEDIATE} or {@code EVALUATE}. */
        public static final String SEVERITY = "severity";
        /** The guard's explanation: rule, query, values, threshold and window. */
        public static final String EVIDENCE = "evidence";
        /** When a requested decision is taken by default (ISO-8601 instant). */
        public static final String DECIDE_BY = "decideBy";
        /** What happens when nobody decides by {@link #DECIDE_BY}: {@code ROLLBACK} or {@code CONTINUE}. */
        public static final String ON_TIMEOUT = "onTimeout";
        /** A ready-to-run {@code curl} that posts the decision to the coordinator. */
        public static final String DECISION_COMMAND = "decisionCommand";
        /**
         * Present only while hypercare runs: which guard rules keep watching after completion, and until when, in
         * words.
         */
        public static final String HYPERCARE = "hypercare";
        /** What the rollback's verification (R4) measured, in words; absent when it did not run. */
        public static final String VERIFICATION = "verification";
        /** What Phase 8 measured from the guards, in words; absent when it did not run. */
        public static final String MONITORING = "monitoring";
        /** The end of hypercare (ISO-8601 instant); present with {@link #HYPERCARE}. */
        public static final String HYPERCARE_UNTIL = "hypercareUntil";

        /** The incident report's summary in Markdown, as the coordinator rendered it from what it recorded. */
        public static final String INCIDENT_REPORT = "incidentReport";

        /** The roles whose GO the release waits for, comma-separated. */
        public static final String VOTERS = "voters";
        /** When the vote window closes (ISO-8601 instant); without consensus by then the release aborts. */
        public static final String VOTE_BY = "voteBy";
        /** The sha256 of the release's migrations (canonical JSON) that a DBA's vote must carry; absent without. */
        public static final String MIGRATIONS_HASH = "migrationsHash";
        /** A ready-to-run {@code curl} that casts a vote (the caller's bearer token fills in the voter). */
        public static final String VOTE_COMMAND = "voteCommand";

        private Facts() {}
    }
}
