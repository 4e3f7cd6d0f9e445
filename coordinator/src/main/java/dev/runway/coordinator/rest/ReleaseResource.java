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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The release API. Every call carries a bearer token; who acts is the token's subject, what they may do follows the
 * Runway roles mapped from its claim. Reads need any Runway role ({@code viewer} at least).
 */
@Path("/releases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Names.VIEWER, Names.DEPLOYER, Names.DEPLOYMENT_LEAD, Names.ENGINEERING_MANAGER, Names.DBA, Names.DEVOPS})
@Tag(name = "Releases")
@APIResponse(responseCode = "401", description = "No bearer token, or one that is not valid for this coordinator")
public class ReleaseResource {

    private static final String ANY_ROLE =
            "Roles: any Runway role (viewer, deployer, deployment-lead, engineering-manager, dba, devops). ";

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
    @Operation(
            summary = "Start a release",
            description = "Roles: deployer. Starts the release the spec describes, requested by the token's subject."
                    + " The spec names the application and environment; where they go (namespace, Deployment,"
                    + " database, caches, registry, chat channel, PagerDuty service) is configured on the"
                    + " coordinator. The release then waits for its GO/NO-GO vote (POST /releases/{id}/votes).")
    @RequestBody(
            required = true,
            description = "The release spec; at most 256 KiB. It names no person: the requester is the caller",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReleaseSpec.class),
                            examples = @ExampleObject(name = "release-spec", ref = "release-spec")))
    @APIResponse(
            responseCode = "201",
            description = "The release has started",
            headers =
                    @Header(
                            name = "Location",
                            description = "The release's URL, /releases/{id}",
                            schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(
            responseCode = "400",
            description = "The spec is not valid, names people, or names a channel or service the notifier cannot"
                    + " reach; nothing is stored",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "invalid-release-spec", ref = "invalid-release-spec"),
                                @ExampleObject(name = "people-in-spec", ref = "people-in-spec"),
                                @ExampleObject(
                                        name = "undeliverable-announcements",
                                        ref = "undeliverable-announcements")
                            }))
    @APIResponse(
            responseCode = "403",
            description = "The token does not hold the role deployer",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "forbidden", ref = "forbidden")))
    @APIResponse(
            responseCode = "409",
            description = "Code freeze: another release of the application is active in the environment",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "code-freeze", ref = "code-freeze")))
    @APIResponse(
            responseCode = "413",
            description = "The body is over 256 KiB; nothing of it was read",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "release-spec-too-large", ref = "release-spec-too-large")))
    @APIResponse(
            responseCode = "415",
            description = "The body is not sent as application/json",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = @ExampleObject(name = "unsupported-media-type", ref = "unsupported-media-type")))
    @APIResponse(
            responseCode = "422",
            description = "No targets are configured for the application in the environment, or they do not allow"
                    + " what the spec asks (another registry, migrations without a database, configuration without a"
                    + " ConfigMap)",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "no-release-targets", ref = "no-release-targets"),
                                @ExampleObject(name = "refused-by-targets", ref = "refused-by-targets")
                            }))
    @APIResponse(
            responseCode = "503",
            description = "The notifier has not said where it can deliver since the coordinator started: a release"
                    + " nobody could be told about does not start",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples =
                                    @ExampleObject(
                                            name = "notifier-directory-unknown",
                                            ref = "notifier-directory-unknown")))
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
    @Operation(
            summary = "Show a release",
            description = ANY_ROLE + "The release with its Appendix B timeline, guards, open vote, awaited decision,"
                    + " rollback request and announcements.")
    @APIResponse(
            responseCode = "200",
            description = "The release",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(
            responseCode = "400",
            description = "The id is not a UUID",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "invalid-release-id", ref = "invalid-release-id")}))
    @APIResponse(
            responseCode = "403",
            description = "The token holds no Runway role",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "forbidden", ref = "forbidden")}))
    @APIResponse(
            responseCode = "404",
            description = "No release has this id",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "release-not-found", ref = "release-not-found")}))
    public Uni<Response> get(
            @Parameter(
                            name = "id",
                            in = ParameterIn.PATH,
                            description =
                                    "The release's id, a UUID (the last segment of the Location it was created at)",
                            example = "7d0c8a1e-3f5b-4c2d-9e6a-1b2c3d4e5f60")
                    @PathParam("id")
                    String id) {
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
    @Operation(
            summary = "Decide after a guard fired",
            description = "Roles: deployment-lead. ROLLBACK or CONTINUE while the release is AWAITING_DECISION after"
                    + " an EVALUATE breach, or ROLLBACK after a hypercare alert on a COMPLETED release (the runbook's"
                    + " rollback then runs). The decider is the token's subject.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = DecisionRequest.class),
                            examples = {
                                @ExampleObject(name = "decision-rollback", ref = "decision-rollback"),
                                @ExampleObject(name = "decision-continue", ref = "decision-continue")
                            }))
    @APIResponse(
            responseCode = "200",
            description = "The decision is taken; the release as it now stands",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(
            responseCode = "400",
            description = "The decision is not valid, or the id is not a UUID",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "invalid-decision", ref = "invalid-decision"),
                                @ExampleObject(name = "invalid-release-id", ref = "invalid-release-id")
                            }))
    @APIResponse(
            responseCode = "403",
            description = "The token does not hold the role deployment-lead",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "forbidden", ref = "forbidden")}))
    @APIResponse(
            responseCode = "404",
            description = "No release has this id",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "release-not-found", ref = "release-not-found")}))
    @APIResponse(
            responseCode = "409",
            description =
                    "The release awaits no decision, or a later release is active so a completed one is not rolled back",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "not-awaiting-decision", ref = "not-awaiting-decision"),
                                @ExampleObject(name = "code-freeze-rollback", ref = "code-freeze-rollback")
                            }))
    @APIResponse(
            responseCode = "415",
            description = "The body is not sent as application/json",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "unsupported-media-type", ref = "unsupported-media-type")
                            }))
    public Uni<Response> decide(
            @Parameter(
                            name = "id",
                            in = ParameterIn.PATH,
                            description =
                                    "The release's id, a UUID (the last segment of the Location it was created at)",
                            example = "7d0c8a1e-3f5b-4c2d-9e6a-1b2c3d4e5f60")
                    @PathParam("id")
                    String id,
            String body) {
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
    @Operation(
            summary = "Vote GO or NO-GO",
            description = "Roles: the one matching the vote's role: deployment-lead for DEPLOYMENT_LEAD, devops for"
                    + " DEVOPS_ENGINEER, dba for DATABASE_ADMINISTRATOR, engineering-manager for ENGINEERING_MANAGER."
                    + " The voter is the token's subject and counts for one role only. A NO-GO aborts the release"
                    + " (nothing has changed); the last missing GO starts it. A DBA's GO on a release with migrations"
                    + " carries the migrations' hash shown in the release's vote.")
    @RequestBody(
            required = true,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = VoteRequest.class),
                            examples = {
                                @ExampleObject(name = "vote-go", ref = "vote-go"),
                                @ExampleObject(name = "vote-dba-go", ref = "vote-dba-go"),
                                @ExampleObject(name = "vote-no-go", ref = "vote-no-go")
                            }))
    @APIResponse(
            responseCode = "200",
            description = "The vote counts; the release as it now stands",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(
            responseCode = "400",
            description = "The vote is not valid, or the id is not a UUID",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "invalid-vote", ref = "invalid-vote"),
                                @ExampleObject(name = "invalid-release-id", ref = "invalid-release-id")
                            }))
    @APIResponse(
            responseCode = "403",
            description = "The token holds no voting role, or not the one voted for",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "forbidden", ref = "forbidden"),
                                @ExampleObject(name = "forbidden-vote-role", ref = "forbidden-vote-role")
                            }))
    @APIResponse(
            responseCode = "404",
            description = "No release has this id",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "release-not-found", ref = "release-not-found")}))
    @APIResponse(
            responseCode = "409",
            description = "No vote is open, the role or the person has voted, or a DBA's GO lacks the migrations' hash",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "refused-vote", ref = "refused-vote")}))
    @APIResponse(
            responseCode = "415",
            description = "The body is not sent as application/json",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "unsupported-media-type", ref = "unsupported-media-type")
                            }))
    public Uni<Response> vote(
            @Parameter(
                            name = "id",
                            in = ParameterIn.PATH,
                            description =
                                    "The release's id, a UUID (the last segment of the Location it was created at)",
                            example = "7d0c8a1e-3f5b-4c2d-9e6a-1b2c3d4e5f60")
                    @PathParam("id")
                    String id,
            String body) {
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
    @Operation(
            summary = "Abort a release",
            description = "Roles: deployment-lead. Stops a running release before production changed; once a phase"
                    + " changed something only a rollback undoes it (409). The body and both its fields are optional.")
    @RequestBody(
            required = false,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ActionRequest.class),
                            examples = @ExampleObject(name = "abort", ref = "abort")))
    @APIResponse(
            responseCode = "200",
            description = "The release is aborted",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(
            responseCode = "400",
            description = "The body is not an abort, or the id is not a UUID",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "invalid-abort", ref = "invalid-abort"),
                                @ExampleObject(name = "invalid-release-id", ref = "invalid-release-id")
                            }))
    @APIResponse(
            responseCode = "403",
            description = "The token does not hold the role deployment-lead",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "forbidden", ref = "forbidden")}))
    @APIResponse(
            responseCode = "404",
            description = "No release has this id",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "release-not-found", ref = "release-not-found")}))
    @APIResponse(
            responseCode = "409",
            description = "The release is not running, or production has already changed",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "refused-abort", ref = "refused-abort")}))
    public Uni<Response> abort(
            @Parameter(
                            name = "id",
                            in = ParameterIn.PATH,
                            description =
                                    "The release's id, a UUID (the last segment of the Location it was created at)",
                            example = "7d0c8a1e-3f5b-4c2d-9e6a-1b2c3d4e5f60")
                    @PathParam("id")
                    String id,
            String body) {
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
    @Operation(
            summary = "Ask for a manual rollback",
            description = "Roles: deployment-lead or engineering-manager, the runbook's two rollback authorities. A"
                    + " manual rollback of a running release needs both, asked by two different people within the"
                    + " window (runway.coordinator.rollback-request-window): the first ask answers 202 and shows the"
                    + " authority still missing, the second starts the rollback (200). A caller holding both roles"
                    + " says which one asks (`as`). The body and its fields are otherwise optional.")
    @RequestBody(
            required = false,
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ActionRequest.class),
                            examples = @ExampleObject(name = "rollback-request", ref = "rollback-request")))
    @APIResponse(
            responseCode = "200",
            description = "Both authorities have asked: the rollback has begun",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(
            responseCode = "202",
            description = "The first ask is recorded; rollbackRequest.missing names the authority still to ask",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(implementation = ReleaseView.class)))
    @APIResponse(
            responseCode = "400",
            description =
                    "The body is not a rollback request, `as` is missing for a caller holding both roles, or the id is not a UUID",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "invalid-rollback-request", ref = "invalid-rollback-request"),
                                @ExampleObject(name = "invalid-release-id", ref = "invalid-release-id")
                            }))
    @APIResponse(
            responseCode = "403",
            description = "The token holds neither authority, or not the one named in `as`",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {
                                @ExampleObject(name = "forbidden", ref = "forbidden"),
                                @ExampleObject(
                                        name = "forbidden-rollback-authority",
                                        ref = "forbidden-rollback-authority")
                            }))
    @APIResponse(
            responseCode = "404",
            description = "No release has this id",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "release-not-found", ref = "release-not-found")}))
    @APIResponse(
            responseCode = "409",
            description = "The release is not running, or this person or authority has already asked",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "refused-rollback", ref = "refused-rollback")}))
    public Uni<Response> rollback(
            @Parameter(
                            name = "id",
                            in = ParameterIn.PATH,
                            description =
                                    "The release's id, a UUID (the last segment of the Location it was created at)",
                            example = "7d0c8a1e-3f5b-4c2d-9e6a-1b2c3d4e5f60")
                    @PathParam("id")
                    String id,
            String body) {
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
    @Operation(
            summary = "List releases",
            description = ANY_ROLE + "Releases, newest first, optionally of one application and one environment.")
    @APIResponse(
            responseCode = "200",
            description = "The releases",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON,
                            schema = @Schema(type = SchemaType.ARRAY, implementation = ReleaseView.class)))
    @APIResponse(
            responseCode = "403",
            description = "The token holds no Runway role",
            content =
                    @Content(
                            mediaType = Problem.MEDIA_TYPE,
                            schema = @Schema(implementation = Problem.class),
                            examples = {@ExampleObject(name = "forbidden", ref = "forbidden")}))
    public Uni<List<ReleaseView>> list(
            @Parameter(description = "Only this application's releases", example = "shop") @QueryParam("application")
                    String application,
            @Parameter(description = "Only releases to this environment", example = "production")
                    @QueryParam("environment")
                    String environment) {
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
