package dev.runway.notifier;

/**
 * One announcement as people read it in the war room.
 *
 * @param headline the runbook's first line, e.g. {@code 🚨 ROLLBACK INITIATED}
 * @param text     the whole message, headline included, plain text with line breaks
 */
public record ChatMessage(String headline, String text) {}
