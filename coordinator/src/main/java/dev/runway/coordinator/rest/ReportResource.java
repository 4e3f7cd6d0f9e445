package dev.runway.coordinator.rest;

import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.release.ReleaseService;
import dev.runway.coordinator.report.AppendixB;
import dev.runway.coordinator.report.Timeline;
import dev.runway.coordinator.security.RunwayRole.Names;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Reports on a release, from what it recorded: the runbook's Appendix B timeline and, after a rollback, the incident
 * report of its Post-Rollback Actions. The representation follows the Accept header; JSON unless it asks otherwise.
 * Any Runway role may read them.
 */
@Path("/releases")
@Tag(name = "Reports", description = "The runbook's Appendix B timeline and the incident report after a rollback")
@RolesAllowed({Names.VIEWER, Names.DEPLOYER, Names.DEPLOYMENT_LEAD, Names.ENGINEERING_MANAGER, Names.DBA, Names.DEVOPS})
public class ReportResource {

    static final String MARKDOWN = "text/markdown";
    static final String CSV = "text/csv";

    @Inject
    ReleaseService releases;

    @Inject
    Clock clock;

    @GET
    @Path("/{id}/timeline")
    @Operation(
            summary = "The release's timeline as the runbook's Appendix B",
            description = "Accept: text/markdown gives the Appendix B table (Time | Phase | Task | Status | Duration |"
                    + " Notes, times in UTC) with its Total Duration, Issues and Rollback Required lines; text/csv the"
                    + " same rows as RFC 4180 CSV with a header row; application/json (the default) the rows, the"
                    + " total, the issues and whether a rollback was required.")
    @APIResponse(
            responseCode = "200",
            description = "The timeline",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Timeline.class)),
                @Content(mediaType = MARKDOWN, schema = @Schema(type = SchemaType.STRING)),
                @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING))
            })
    @APIResponse(
            responseCode = "400",
            description = "The id is not a UUID (problem type invalid-release-id)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "404",
            description = "No such release (problem type release-not-found)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "406",
            description = "Accept names none of JSON, Markdown and CSV (problem type not-acceptable)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> timeline(
            @Parameter(description = "The release id, a UUID") @PathParam("id") String id,
            @Context HttpHeaders headers) {
        List<MediaType> offered =
                List.of(MediaType.APPLICATION_JSON_TYPE, MediaType.valueOf(MARKDOWN), MediaType.valueOf(CSV));
        Optional<MediaType> chosen = negotiate(headers, offered);
        if (chosen.isEmpty()) {
            return Uni.createFrom()
                    .item(Problem.notAcceptable("a timeline", describe(offered)).toResponse());
        }
        return withRelease(id, state -> {
            Timeline timeline = Timeline.of(state, clock.instant());
            MediaType type = chosen.get();
            if (type.isCompatible(MediaType.valueOf(MARKDOWN))) {
                return text(AppendixB.markdown(timeline), MARKDOWN);
            }
            if (type.isCompatible(MediaType.valueOf(CSV))) {
                return text(AppendixB.csv(timeline), CSV + "; header=present");
            }
            return Response.ok(timeline).type(MediaType.APPLICATION_JSON).build();
        });
    }

    private Uni<Response> withRelease(String id, Function<ReleaseState, Response> render) {
        UUID releaseId;
        try {
            releaseId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Problem.badId(id).toResponse());
        }
        return releases.find(releaseId)
                .map(state -> state == null ? Problem.notFound(id).toResponse() : render.apply(state));
    }

    private static Response text(String body, String type) {
        return Response.ok(body).type(type + "; charset=UTF-8").build();
    }

    /**
     * The first of {@code offered} the caller accepts, in the caller's order of preference; {@code *}{@code /*} or no
     * Accept at all gets the first offered.
     */
    static Optional<MediaType> negotiate(HttpHeaders headers, List<MediaType> offered) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            for (MediaType candidate : offered) {
                if (accepted.isCompatible(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(List<MediaType> offered) {
        return String.join(", ", offered.stream().map(MediaType::toString).toList());
    }
}
