package dev.runway.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.coordinator.config.EventStreamConfig;
import dev.runway.coordinator.messaging.AuditFeed;
import dev.runway.coordinator.persistence.StateCodec;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.security.RunwayRole.Names;
import dev.runway.model.RunwayJson;
import dev.runway.model.audit.ReleaseTransitioned;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A release as it moves, for people watching it: server-sent events fed by the audit topic, each transition followed
 * by the release as the database now has it.
 */
@Path("/releases/{id}/events")
@RolesAllowed({Names.VIEWER, Names.DEPLOYER, Names.DEPLOYMENT_LEAD, Names.ENGINEERING_MANAGER, Names.DBA, Names.DEVOPS})
public class ReleaseEventsResource {

    /** The release's current view, the same JSON as {@code GET /releases/{id}}. */
    public static final String RELEASE = "release";

    /** One audit record of the release: the {@code ReleaseTransitioned} JSON, with its sequence as the event id. */
    public static final String TRANSITION = "transition";

    /** Written as {@code : keep-alive}: the framework puts the comment right after the colon. */
    static final String KEEP_ALIVE = " keep-alive";

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    AuditFeed feed;

    @Inject
    Pool pool;

    /** The REST layer's mapper, so the views here are the JSON {@code GET /releases/{id}} answers. */
    @Inject
    ObjectMapper views;

    @Inject
    EventStreamConfig config;

    /** Blocking: whether the release exists is read before the stream begins, on a worker thread. */
    @GET
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(
            summary = "Watch a release",
            description = "Server-sent events until the client closes the stream. First `event: release` with the"
                    + " release's current view (the JSON of GET /releases/{id}); then for every audit transition"
                    + " of the release `event: transition` with `id:` its sequence and the ReleaseTransitioned JSON,"
                    + " followed by `event: release` with the fresh view. A comment line `: keep-alive` every 15 s."
                    + " A client that falls behind is disconnected and should reconnect.")
    @APIResponse(
            responseCode = "200",
            description = "The event stream",
            content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS))
    @APIResponse(
            responseCode = "400",
            description = "The id is not a UUID (https://runway.dev/problems/invalid-release-id)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(
            responseCode = "403",
            description = "The token maps to no Runway role (https://runway.dev/problems/forbidden)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such release (https://runway.dev/problems/release-not-found)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Multi<OutboundSseEvent> events(
            @Parameter(description = "The release id (a UUID)") @PathParam("id") String id, @Context Sse sse) {
        UUID releaseId;
        try {
            releaseId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new WebApplicationException(Problem.badId(id).toResponse());
        }
        // answered before the stream begins: once it has, its headers are sent and a failure can only cut it off
        if (!exists(releaseId)) {
            throw new WebApplicationException(Problem.notFound(id).toResponse());
        }
        // the first read is shared: transitions wait for it, so the stream starts with the release; the feed is
        // subscribed before it runs, so a transition committed after the read is never missed (one committed before
        // may follow it, which only repeats what the release already shows)
        Uni<ReleaseState> current = current(releaseId).memoize().indefinitely();
        Multi<OutboundSseEvent> first =
                current.map(state -> release(sse, state)).toMulti();
        Multi<OutboundSseEvent> transitions = feed.of(releaseId, config.buffer())
                .onItem()
                .transformToUniAndConcatenate(transition -> current.chain(() -> current(releaseId))
                        .map(state -> List.of(transition(sse, transition), release(sse, state))))
                .onItem()
                .disjoint();
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom()
                .ticks()
                .startingAfter(config.keepAlive())
                .every(config.keepAlive())
                .onOverflow()
                .drop()
                .map(tick -> sse.newEventBuilder().comment(KEEP_ALIVE).build());
        // subscribed in this order
        return Multi.createBy().merging().streams(transitions, first, keepAlive);
    }

    private boolean exists(UUID releaseId) {
        return pool.preparedQuery("SELECT 1 FROM release WHERE id = $1")
                .execute(Tuple.of(releaseId))
                .map(rows -> rows.size() > 0)
                .await()
                .atMost(LOOKUP_TIMEOUT);
    }

    /** The release as the database has it now. */
    private Uni<ReleaseState> current(UUID releaseId) {
        return pool.preparedQuery("SELECT state FROM release WHERE id = $1")
                .execute(Tuple.of(releaseId))
                .map(rows -> {
                    Iterator<Row> found = rows.iterator();
                    if (!found.hasNext()) {
                        throw new IllegalStateException("release " + releaseId + " is gone");
                    }
                    return StateCodec.read(found.next().getString("state"));
                });
    }

    private OutboundSseEvent release(Sse sse, ReleaseState state) {
        return sse.newEventBuilder()
                .name(RELEASE)
                .data(String.class, json(views, ReleaseView.of(state)))
                .build();
    }

    private static OutboundSseEvent transition(Sse sse, ReleaseTransitioned transition) {
        return sse.newEventBuilder()
                .name(TRANSITION)
                .id(Long.toString(transition.sequence()))
                .data(String.class, json(RunwayJson.wire(), transition))
                .build();
    }

    private static String json(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "not serialisable: " + value.getClass().getSimpleName(), e);
        }
    }
}
