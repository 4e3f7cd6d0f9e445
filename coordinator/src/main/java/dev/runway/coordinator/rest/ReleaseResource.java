package dev.runway.coordinator.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.coordinator.config.CoordinatorConfig;
import dev.runway.coordinator.config.TargetsConfig;
import dev.runway.coordinator.notice.Deliverability;
import dev.runway.coordinator.notice.KnownRecipients;
import dev.runway.coordinator.phase.Input;
import dev.runway.coordinator.phase.ReleaseTargets;
import dev.runway.coordinator.phase.RollbackRequest;
import dev.runway.coordinator.release.ReleaseService;
import dev.runway.coordinator.release.ReleaseSpecParser;
import dev.runway.coordinator.release.ReleaseSpecValidator;
import dev.runway.coordinator.release.TargetResolver;
import dev.runway.coordinator.release.Violation;
import dev.runway.coordinator.security.RunwayRole;
import dev.runway.coordinator.security.RunwayRole.Names;
import dev.runway.model.RunwayJson;
import dev.runway.model.spec.ReleaseSpec;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The release API. Every call carries a bearer token; who acts is the token's subject, what they may do follows the
 * Runway roles mapped from its claim. Reads need any Runway role ({@code viewer} at least).
 */
@Path("/releases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Names.VIEWER, Names.DEPLOYER, Names.DEPLOYMENT_LEAD, Names.ENGINEERING_MANAGER, Names.DBA, Names.DEVOPS})
public class ReleaseResource {

    @Inject
    ReleaseService releases;

    @Inject
    SecurityIdentity identity;

    @Inject
    TargetsConfig configuredTargets;

    @Inject
    KnownRecipients recipients;

    @Inject
    CoordinatorConfig config;

    /**
     * Starts a release requested by the caller. The body is read here rather than by the framework, so every error
     * names its field.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Names.DEPLOYER)
    public Uni<Response> create(String body, @Context UriInfo uri) {
        Optional<Violation> tooLarge = ReleaseSpecValidator.bodyTooLarge(body);
        if (tooLarge.isPresent()) {
            return Uni.createFrom().item(Problem.specTooLarge(tooLarge.get()).toResponse());
        }
        List<Violation> people = peopleIn(body);
        if (!people.isEmpty()) {
            return Uni.createFrom().item(Problem.peopleInSpec(people).toResponse());
        }
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
        return recipients.directory(config.notifierDirectoryWait()).flatMap(directory -> {
            if (directory.isEmpty()) {
                return Uni.createFrom().item(Problem.notifierUnknown().toResponse());
            }
            List<Violation> undeliverable = Deliverability.check(
                    spec.application(), spec.environment(), targets.notifications(), directory.get());
            if (!undeliverable.isEmpty()) {
                return Uni.createFrom()
                        .item(Problem.undeliverable(undeliverable).toResponse());
            }
            return start(spec, targets, uri);
        });
    }

    private Uni<Response> start(ReleaseSpec spec, ReleaseTargets targets, UriInfo uri) {
        return releases.start(spec, targets, Caller.of(identity).subject())
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
     * COMPLETED release (ROLLBACK then runs the runbook's rollback). The caller decides, as deployment lead.
     */
    @POST
    @Path("/{id}/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Names.DEPLOYMENT_LEAD)
    public Uni<Response> decide(@PathParam("id") String id, String body) {
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
        Input decided = new Input.Decided(
                request.action(), request.reason(), Caller.of(identity).subject());
        return act(id, decided, why -> Problem.notAwaitingDecision(why), Response.Status.OK);
    }

    /** A GO or NO-GO for one role, which the caller's token must hold; the caller counts for that one role only. */
    @POST
    @Path("/{id}/votes")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({Names.DEPLOYMENT_LEAD, Names.DEVOPS, Names.DBA, Names.ENGINEERING_MANAGER})
    public Uni<Response> vote(@PathParam("id") String id, String body) {
        VoteRequest request;
        try {
            request = ReleaseSpecParser.read(body, VoteRequest.class, "a vote");
        } catch (ReleaseSpecParser.InvalidSpecException e) {
            return Uni.createFrom()
                    .item(Problem.invalidRequest("vote", e.violations()).toResponse());
        }
        List<Violation> violations = request.violations();
        if (!violations.isEmpty()) {
            return Uni.createFrom()
                    .item(Problem.invalidRequest("vote", violations).toResponse());
        }
        Caller caller = Caller.of(identity);
        RunwayRole needed = RunwayRole.votingAs(request.role());
        if (!caller.holds(needed)) {
            return Uni.createFrom()
                    .item(Problem.missingRole("a vote as " + request.role() + " needs the role " + needed.roleName())
                            .toResponse());
        }
        Input voted = new Input.Voted(
                request.role(),
                request.decision(),
                caller.subject(),
                request.comment(),
                request.migrationsHash(),
                request.skipsRehearsal());
        return act(id, voted, why -> Problem.refused("The vote is not accepted", why), Response.Status.OK);
    }

    /** Stops the release before anything changed; afterwards only a rollback undoes what changed (409). */
    @POST
    @Path("/{id}/abort")
    @RolesAllowed(Names.DEPLOYMENT_LEAD)
    public Uni<Response> abort(@PathParam("id") String id, String body) {
        ActionRequest request;
        try {
            request = readAction(body, "an abort");
        } catch (ReleaseSpecParser.InvalidSpecException e) {
            return Uni.createFrom()
                    .item(Problem.invalidRequest("abort", e.violations()).toResponse());
        }
        Input abort = new Input.AbortRequested(Caller.of(identity).subject(), request.reason());
        return act(id, abort, why -> Problem.refused("The release cannot be aborted", why), Response.Status.OK);
    }

    /**
     * One of the runbook's two rollback authorities asks for a manual rollback. The first ask answers 202 and shows
     * what is still missing; the second, by another person holding the other role within the window, starts it.
     */
    @POST
    @Path("/{id}/rollback")
    @RolesAllowed({Names.DEPLOYMENT_LEAD, Names.ENGINEERING_MANAGER})
    public Uni<Response> rollback(@PathParam("id") String id, String body) {
        ActionRequest request;
        try {
            request = readAction(body, "a rollback request");
        } catch (ReleaseSpecParser.InvalidSpecException e) {
            return Uni.createFrom()
                    .item(Problem.invalidRequest("rollback request", e.violations())
                            .toResponse());
        }
        Caller caller = Caller.of(identity);
        List<RollbackRequest.Authority> held = new ArrayList<>();
        for (RollbackRequest.Authority authority : RollbackRequest.Authority.values()) {
            if (caller.holds(RunwayRole.asking(authority))) {
                held.add(authority);
            }
        }
        RollbackRequest.Authority as = request.as();
        if (as == null && held.size() > 1) {
            return Uni.createFrom()
                    .item(Problem.invalidRequest(
                                    "rollback request",
                                    List.of(new Violation(
                                            "as",
                                            "is required: you hold both roles; say DEPLOYMENT_LEAD or"
                                                    + " ENGINEERING_MANAGER (one person counts once)")))
                            .toResponse());
        }
        if (as == null) {
            as = held.get(0);
        } else if (!held.contains(as)) {
            return Uni.createFrom()
                    .item(Problem.missingRole("asking as " + as + " needs the role "
                                    + RunwayRole.asking(as).roleName())
                            .toResponse());
        }
        Input asked = new Input.RollbackRequested(as, caller.subject(), request.reason());
        return act(id, asked, why -> Problem.refused("The rollback request is not accepted", why), null);
    }

    /**
     * @param accepted the status of an accepted request; null for a rollback request: 202 while it waits for the
     *                 second person, 200 once the rollback began
     */
    private Uni<Response> act(String id, Input input, Function<String, Problem> refusal, Response.Status accepted) {
        UUID releaseId;
        try {
            releaseId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Problem.badId(id).toResponse());
        }
        return releases.act(releaseId, input)
                .map(outcome -> {
                    if (outcome.notFound()) {
                        return Problem.notFound(id).toResponse();
                    }
                    if (outcome.blocked()) {
                        return Problem.rollbackBlocked(outcome.blockingRelease().toString(), outcome.blockingVersion())
                                .toResponse();
                    }
                    if (outcome.refused()) {
                        return refusal.apply(outcome.refusal()).toResponse();
                    }
                    Response.Status status = accepted != null
                            ? accepted
                            : outcome.state().rollbackRequest() != null ? Response.Status.ACCEPTED : Response.Status.OK;
                    return Response.status(status)
                            .entity(ReleaseView.of(outcome.state()))
                            .type(MediaType.APPLICATION_JSON)
                            .build();
                })
                .onFailure(ReleaseResource::isActiveReleaseRace)
                .recoverWithItem(
                        () -> Problem.rollbackBlocked("(just started)", "?").toResponse());
    }

    private static ActionRequest readAction(String body, String what) throws ReleaseSpecParser.InvalidSpecException {
        return body == null || body.isBlank()
                ? ActionRequest.NONE
                : ReleaseSpecParser.read(body, ActionRequest.class, what);
    }

    /** The fields a spec no longer has because tokens say who acts; unreadable JSON is left to the parser. */
    private static List<Violation> peopleIn(String body) {
        List<Violation> found = new ArrayList<>();
        try {
            JsonNode tree = body == null ? null : RunwayJson.wire().readTree(body);
            if (tree != null && tree.isObject()) {
                if (tree.has("goNoGo")) {
                    found.add(new Violation(
                            "goNoGo",
                            "is no longer part of a spec: votes are cast through the API, POST /releases/{id}/votes,"
                                    + " by the people who hold the roles"));
                }
                if (tree.has("requestedBy")) {
                    found.add(new Violation(
                            "requestedBy", "is no longer part of a spec: the requester is the caller's token subject"));
                }
            }
        } catch (JsonProcessingException e) {
            return List.of();
        }
        return found;
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
