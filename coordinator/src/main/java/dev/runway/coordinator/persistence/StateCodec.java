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
            JsonNode stored = keepRequester(RunwayJson.wire().readTree(json));
            if (stored instanceof ObjectNode state
                    && !state.has("targets")
                    && state.get("spec") instanceof ObjectNode spec) {
                moveTargetsOutOfSpec(state, spec);
            }
            return RunwayJson.wire().treeToValue(stored, ReleaseState.class);
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

    /**
     * Releases started before targets were configured on the server carried them in their spec; they go on to the
     * same targets, whatever the configuration says now.
     */
    private static void moveTargetsOutOfSpec(ObjectNode state, ObjectNode spec) {
        ObjectNode targets = state.putObject("targets");
        targets.set("kubernetes", spec.remove("kubernetes"));
        JsonNode service = spec.remove("service");
        targets.set("serviceUrl", service == null ? null : service.get("baseUrl"));
        JsonNode database = spec.remove("database");
        if (database != null && database.hasNonNull("database")) {
            targets.set("database", database.get("database"));
            spec.set("migrations", database.get("migrations"));
        }
        if (spec.get("configuration") instanceof ObjectNode configuration && configuration.has("configMap")) {
            targets.set("configMap", configuration.remove("configMap"));
        }
        targets.set("caches", spec.remove("caches"));
        JsonNode image = spec.get("image");
        targets.set("imageRepository", image == null ? null : image.get("repository"));
        JsonNode notifications = spec.remove("notifications");
        if (notifications == null || notifications.isNull()) {
            targets.putObject("notifications").put("chatChannel", "default").put("pagerDutyService", "default");
        } else {
            targets.set("notifications", notifications);
        }
        if (image instanceof ObjectNode pinned) {
            pinned.remove("tag");
        }
    }
}
