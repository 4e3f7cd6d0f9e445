package dev.runway.model;

/**
 * Kafka topic names. Channel names in every service equal these, so a reader can grep one string
 * from producer to consumer; dashes rather than dots keep them usable as MicroProfile config keys. Every record is keyed by release id, which keeps one release's
 * messages in order on one partition.
 */
public final class Topics {
    public static final String MIGRATION_COMMANDS = "runway-commands-migration";
    public static final String ROLLOUT_COMMANDS = "runway-commands-rollout";
    public static final String CACHE_COMMANDS = "runway-commands-cache";
    public static final String VALIDATION_COMMANDS = "runway-commands-validation";
    public static final String NOTIFICATION_COMMANDS = "runway-commands-notification";
    /** Every worker's started / progress / succeeded / failed / breach reports. */
    public static final String EVENTS = "runway-events";
    /** CloudEvents 1.0 in binary mode: one per release state transition. */
    public static final String AUDIT = "runway-audit";
    /**
     * Compacted: the notifier's {@link dev.runway.model.directory.NotifierDirectory}, keyed
     * {@link dev.runway.model.directory.NotifierDirectory#KEY}, so a coordinator that starts later reads it too.
     */
    public static final String NOTIFIER_DIRECTORY = "runway-notifier-directory";

    private Topics() {}

    /** Where a consumer of {@code topic} parks messages it cannot read. */
    public static String deadLetter(String topic) {
        return topic + "-dlq";
    }
}
