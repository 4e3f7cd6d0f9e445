package dev.runway.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON configuration for Runway's wire format. Golden files in this module's tests pin
 * what it writes.
 */
public final class RunwayJson {

    private static final ObjectMapper WIRE = base().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .build();

    private static final ObjectMapper STRICT = base().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .build();

    private RunwayJson() {}

    /**
     * For Kafka payloads: a newer producer may add fields, so unknown ones are ignored.
     */
    public static ObjectMapper wire() {
        return WIRE;
    }

    /**
     * For what people type (a release spec): a misspelt field must be an error, not silently
     * ignored.
     */
    public static ObjectMapper strict() {
        return STRICT;
    }

    private static JsonMapper.Builder base() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
                .configure(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY, true);
    }
}
