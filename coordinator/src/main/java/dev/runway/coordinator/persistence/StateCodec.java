package dev.runway.coordinator.persistence;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
            JsonNode tree = RunwayJson.wire().readTree(json);
            return RunwayJson.wire().treeToValue(keepRequester(tree), ReleaseState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored release state is unreadable", e);
        }
    }

    /**
     * A release stored while specs named their requester keeps that name as its requester; the spec's votes of that
     * time were already counted and are dropped with the field.
     */
    private static JsonNode keepRequester(JsonNode tree) {
        if (tree instanceof ObjectNode state
                && !state.hasNonNull("requestedBy")
                && state.get("spec") instanceof ObjectNode spec
                && spec.hasNonNull("requestedBy")) {
            state.set("requestedBy", spec.get("requestedBy"));
        }
        return tree;
    }
}
