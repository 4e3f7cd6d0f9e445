package dev.runway.coordinator.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.model.RunwayJson;

/** Release state to and from the JSON column. */
public final class StateCodec {

    private StateCodec() {}

    public static String write(ReleaseState state) {
        try {
            return RunwayJson.wire().writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("release state is not serialisable", e);
        }
    }

    public static ReleaseState read(String json) {
        try {
            return RunwayJson.wire().readValue(json, ReleaseState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored release state is unreadable", e);
        }
    }
}
