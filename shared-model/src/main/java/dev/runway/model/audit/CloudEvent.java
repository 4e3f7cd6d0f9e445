package dev.runway.model.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A CloudEvents 1.0 event in Kafka binary content mode: attributes travel as {@code ce_} headers,
 * the record value is the data. See the CloudEvents Kafka protocol binding, section 3.2.
 *
 * @param subject the release id
 * @param actor   extension attribute {@code actor}: the token subject of the person whose vote or action caused the
 *                event; null when Runway acted on its own (a worker's report, a deadline)
 * @param data    JSON, as written to the record value
 */
public record CloudEvent(
        String id, String source, String type, String subject, String actor, Instant time, byte[] data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
    }

    /** The Kafka headers of this event, in binary content mode. */
    public Map<String, byte[]> kafkaHeaders() {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", bytes(SPEC_VERSION));
        headers.put("ce_id", bytes(id));
        headers.put("ce_source", bytes(source));
        headers.put("ce_type", bytes(type));
        if (subject != null) {
            headers.put("ce_subject", bytes(subject));
        }
        if (actor != null) {
            headers.put("ce_actor", bytes(actor));
        }
        headers.put("ce_time", bytes(time.toString()));
        headers.put("content-type", bytes(CONTENT_TYPE));
        return headers;
    }

    /** Reads an event back from a record's headers and value; fails if a required attribute is missing. */
    public static CloudEvent fromKafka(Map<String, byte[]> headers, byte[] value) {
        String specVersion = text(headers, "ce_specversion");
        if (!SPEC_VERSION.equals(specVersion)) {
            throw new IllegalArgumentException("not a CloudEvents 1.0 record: ce_specversion=" + specVersion);
        }
        return new CloudEvent(
                text(headers, "ce_id"),
                text(headers, "ce_source"),
                text(headers, "ce_type"),
                headers.containsKey("ce_subject") ? text(headers, "ce_subject") : null,
                headers.containsKey("ce_actor") ? text(headers, "ce_actor") : null,
                Instant.parse(text(headers, "ce_time")),
                value);
    }

    private static String text(Map<String, byte[]> headers, String name) {
        byte[] raw = headers.get(name);
        if (raw == null) {
            throw new IllegalArgumentException("missing CloudEvents header " + name);
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
