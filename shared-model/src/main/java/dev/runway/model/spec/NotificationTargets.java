package dev.runway.model.spec;

/**
 * Where announcements go. Both are names the notifier resolves to a webhook URL or routing key
 * from its own configuration; the secrets never leave it.
 */
public record NotificationTargets(String chatChannel, String pagerDutyService) {

    public static final NotificationTargets DEFAULTS = new NotificationTargets("default", "default");
}
