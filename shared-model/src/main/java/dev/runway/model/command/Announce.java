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
        DEPLOYMENT_ABORTED
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

        private Facts() {}
    }
}
