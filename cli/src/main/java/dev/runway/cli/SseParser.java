package dev.runway.cli;

import java.util.Optional;

/**
 * Server-sent events, line by line, as the HTML standard's event-stream interpretation has it: {@code event:},
 * {@code data:} (several join with newlines) and {@code id:} fields, comments starting with a colon (the server's
 * {@code : keep-alive}), one optional space after the colon, and a blank line that dispatches the event.
 */
public final class SseParser {

    /** One dispatched event; {@code id} is null when the event carried none. */
    public record Event(String type, String id, String data) {}

    private String type;
    private String id;
    private StringBuilder data;

    /** Feeds one line (without its line ending); returns the event a blank line completes. */
    public Optional<Event> line(String line) {
        if (line.isEmpty()) {
            return dispatch();
        }
        if (line.startsWith(":")) {
            return Optional.empty();
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "event" -> type = value;
            case "data" -> {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
            }
            case "id" -> {
                if (!value.contains("\0")) {
                    id = value;
                }
            }
            default -> {
                // "retry" and unknown fields: the standard ignores what it does not know, and reconnecting is ours
            }
        }
        return Optional.empty();
    }

    /** Drops a half-received event, e.g. when the connection broke in the middle of it. */
    public void reset() {
        type = null;
        id = null;
        data = null;
    }

    private Optional<Event> dispatch() {
        if (data == null) {
            type = null;
            id = null;
            return Optional.empty();
        }
        Event event = new Event(type == null || type.isEmpty() ? "message" : type, id, data.toString());
        reset();
        return Optional.of(event);
    }
}
