package dev.runway.coordinator.rest;

import dev.runway.coordinator.config.CoordinatorConfig;
import dev.runway.coordinator.phase.ReleaseState;
import dev.runway.coordinator.release.ReleaseService;
import dev.runway.coordinator.report.AppendixB;
import dev.runway.coordinator.report.IncidentMarkdown;
import dev.runway.coordinator.report.IncidentReport;
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

    @Inject
    CoordinatorConfig config;

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

    @GET
    @Path("/{id}/incident-report")
    @Operation(
            summary = "The incident report of a release that rolled back",
            description = "The runbook's Post-Rollback Actions: the trigger in the runbook's words and its evidence as"
                    + " recorded, when the problem was detected and the rollback decided (automatically or by whom),"
                    + " the rollback's start, end and duration against the 5-minute target, what it undid"
                    + " (application, configuration, database, caches), the versions before and after, links to the"
                    + " release and its dashboard page, and the next steps as a checklist. Anything the release did"
                    + " not record is said to be not recorded. Accept: text/markdown or application/json (the"
                    + " default).")
    @APIResponse(
            responseCode = "200",
            description = "The incident report",
            content = {
                @Content(
                        mediaType = MediaType.APPLICATION_JSON,
                        schema = @Schema(implementation = IncidentReport.class)),
                @Content(mediaType = MARKDOWN, schema = @Schema(type = SchemaType.STRING))
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
            description = "Accept names neither JSON nor Markdown (problem type not-acceptable)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(
            responseCode = "409",
            description = "The release did not roll back: it is not ROLLED_BACK, FAILED, or ABORTED after a change"
                    + " (problem type not-rolled-back)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> incidentReport(
            @Parameter(description = "The release id, a UUID") @PathParam("id") String id,
            @Context HttpHeaders headers) {
        List<MediaType> offered = List.of(MediaType.APPLICATION_JSON_TYPE, MediaType.valueOf(MARKDOWN));
        Optional<MediaType> chosen = negotiate(headers, offered);
        if (chosen.isEmpty()) {
            return Uni.createFrom()
                    .item(Problem.notAcceptable("an incident report", describe(offered))
                            .toResponse());
        }
        return withRelease(id, state -> {
            Optional<String> why = IncidentReport.notApplicable(state);
            if (why.isPresent()) {
                return Problem.notRolledBack(id, why.get()).toResponse();
            }
            IncidentReport report = IncidentReport.of(state, config.publicUrl());
            if (chosen.get().isCompatible(MediaType.valueOf(MARKDOWN))) {
                return text(IncidentMarkdown.report(report), MARKDOWN);
            }
            return Response.ok(report).type(MediaType.APPLICATION_JSON).build();
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
