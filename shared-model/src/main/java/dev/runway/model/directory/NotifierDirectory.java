package dev.runway.model.directory;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The names the notifier can deliver to, published by the notifier when it starts. The coordinator refuses a
 * release whose chat channel or PagerDuty service is not among them, and checks its configured targets against
 * them. Names only: the webhook URLs and routing keys behind them are secrets and stay in the notifier.
 */
public record NotifierDirectory(
        int schemaVersion, Set<String> chatChannels, Set<String> pagerDutyServices, Instant publishedAt) {

    public static final int SCHEMA_VERSION = 1;
    /** The record key: one notifier configuration, the latest one kept by compaction. */
    public static final String KEY = "notifier";

    public NotifierDirectory {
        chatChannels = new TreeSet<>(Objects.requireNonNull(chatChannels, "chatChannels"));
        pagerDutyServices = new TreeSet<>(Objects.requireNonNull(pagerDutyServices, "pagerDutyServices"));
    }

    public static NotifierDirectory of(Set<String> chatChannels, Set<String> pagerDutyServices, Instant at) {
        return new NotifierDirectory(SCHEMA_VERSION, chatChannels, pagerDutyServices, at);
    }
}
