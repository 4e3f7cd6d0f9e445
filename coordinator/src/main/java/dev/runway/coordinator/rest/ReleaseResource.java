package dev.runway.coordinator.rest;

import dev.runway.coordinator.config.TargetsConfig;
import dev.runway.coordinator.phase.Input;
import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.coordinator.release.ReleaseService;
import dev.runway.coordinator.release.ReleaseSpecParser;
import dev.runway.coordinator.release.ReleaseSpecValidator;
import dev.runway.coordinator.release.TargetResolver;
import dev.runway.coordinator.release.Violation;
import dev.runway.model.spec.ReleaseSpec;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;

@Path("/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {

    @Inject
    ReleaseService releases;

    @Inject
    TargetsConfig configuredTargets;

    /** Starts a release. The body is read here rather than by the framework, so every error names its field. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(String body, @Context UriInfo uri) {
        ReleaseSpec spec;
        try {
            spec = ReleaseSpecParser.parse(body);
        } catch (ReleaseSpecParser.InvalidSpecException e) {
            return Uni.createFrom().item(Problem.invalidSpec(e.violations()).toResponse());
        }
        List<Violation> violations = ReleaseSpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            return Uni.createFrom().item(Problem.invalidSpec(violations).toResponse());
        }
        TargetResolver.Resolution resolution =
                TargetResolver.resolve(spec, configuredTargets.of(spec.application(), spec.environment()));
        if (resolution instanceof TargetResolver.Resolution.NotConfigured none) {
            return Uni.createFrom()
                    .item(Problem.noTargets(none.application(), none.environment())
                            .toResponse());
        }
        if (resolution instanceof TargetResolver.Resolution.Refused refused) {
            return Uni.createFrom()
                    .item(Problem.refusedByTargets(refused.violations()).toResponse());
        }
        ReleaseTargets targets = ((TargetResolver.Resolution.Resolved) resolution).targets();
        return releases.start(spec, targets)
                .map(outcome -> outcome.blocked()
                        ? Problem.codeFreeze(
                                        spec.application(),
                                        spec.environment(),
                                        outcome.blockingRelease().toString(),
                                        outcome.blockingVersion())
                                .toResponse()
                        : Response.created(uri.getAbsolutePathBuilder()
                                        .path(outcome.state().releaseId().toString())
                                        .build())
                                .entity(ReleaseView.of(outcome.state()))
                                .build())
                .onFailure(ReleaseResource::isActiveReleaseRace)
                .recoverWithItem(() -> Problem.codeFreeze(spec.application(), spec.environment(), "(just started)", "?")
                        .toResponse());
    }

    @GET
    @Path("/{id}")
    public Uni<Response> get(@PathParam("id") String id) {
        UUID releaseId;
        try {
            releaseId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Problem.badId(id).toResponse());
        }
        return releases.find(releaseId)
                .map(state -> state == null
                        ? Problem.notFound(id).toResponse()
                        : Response.ok(ReleaseView.of(state)).build());
    }

    /**
     * A person's decision after a guard fired: while the release is AWAITING_DECISION, or after a hypercare alert on a
     * COMPLETED release (ROLLBACK then runs the runbook's rollback).
     */
    @POST
    @Path("/{id}/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> decide(@PathParam("id") String id, String body) {
        UUID releaseId;
        try {
            releaseId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Problem.badId(id).toResponse());
        }
        DecisionRequest request;
        try {
            request = ReleaseSpecParser.read(body, DecisionRequest.class, "a decision");
        } catch (ReleaseSpecParser.InvalidSpecException e) {
            return Uni.createFrom().item(Problem.invalidDecision(e.violations()).toResponse());
        }
        List<Violation> violations = request.violations();
        if (!violations.isEmpty()) {
            return Uni.createFrom().item(Problem.invalidDecision(violations).toResponse());
        }
        return releases.decide(releaseId, new Input.Decided(request.action(), request.reason(), request.decidedBy()))
                .map(outcome -> {
                    if (outcome.notFound()) {
                        return Problem.notFound(id).toResponse();
                    }
                    if (outcome.blocked()) {
                        return Problem.rollbackBlocked(outcome.blockingRelease().toString(), outcome.blockingVersion())
                                .toResponse();
                    }
                    if (outcome.refused()) {
                        return Problem.notAwaitingDecision(outcome.refusal()).toResponse();
                    }
                    return Response.ok(ReleaseView.of(outcome.state())).build();
                })
                .onFailure(ReleaseResource::isActiveReleaseRace)
                .recoverWithItem(
                        () -> Problem.rollbackBlocked("(just started)", "?").toResponse());
    }

    @GET
    public Uni<List<ReleaseView>> list(
            @QueryParam("application") String application, @QueryParam("environment") String environment) {
        return releases.list(application, environment)
                .map(states -> states.stream().map(ReleaseView::of).toList());
    }

    /** Two starts raced past the check; the unique index on active releases stopped the second. */
    private static boolean isActiveReleaseRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("release_one_active")) {
                return true;
            }
        }
        return false;
    }
}
