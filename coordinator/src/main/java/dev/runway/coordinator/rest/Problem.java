package dev.runway.coordinator.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.coordinator.release.Violation;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;

/** RFC 9457 problem details, served as {@code application/problem+json}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type, String title, int status, String detail, List<Violation> errors, String activeRelease) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Response toResponse() {
        return Response.status(status).type(MEDIA_TYPE).entity(this).build();
    }

    static Problem invalidSpec(List<Violation> errors) {
        return new Problem(
                "https://runway.dev/problems/invalid-release-spec",
                "Invalid release spec",
                400,
                sentences(errors),
                errors,
                null);
    }

    /** 413: the body is over the release spec's size limit, which the detail names; nothing of it was read. */
    static Problem specTooLarge(Violation violation) {
        return new Problem(
                "https://runway.dev/problems/release-spec-too-large",
                "Release spec too large",
                413,
                sentences(List.of(violation)),
                List.of(violation),
                null);
    }

    static Problem noTargets(String application, String environment) {
        return new Problem(
                "https://runway.dev/problems/no-release-targets",
                "No targets configured",
                422,
                "no targets are configured for application '" + application + "' in environment '" + environment
                        + "'; where a release goes is configured on the server (runway.targets.\"" + application
                        + "\".\"" + environment + "\".*)",
                List.of(new Violation("application", "'" + application + "' has no targets in '" + environment + "'")),
                null);
    }

    static Problem refusedByTargets(List<Violation> errors) {
        return new Problem(
                "https://runway.dev/problems/refused-by-targets",
                "Not allowed where the release goes",
                422,
                sentences(errors),
                errors,
                null);
    }

    /** The notifier lacks a channel or service the release's targets name: nobody would hear of the release. */
    static Problem undeliverable(List<Violation> errors) {
        return new Problem(
                "https://runway.dev/problems/undeliverable-announcements",
                "Nobody could be told about this release",
                400,
                sentences(errors),
                errors,
                null);
    }

    static Problem notifierUnknown() {
        return new Problem(
                "https://runway.dev/problems/notifier-directory-unknown",
                "The notifier has not said where it can deliver",
                503,
                "the notifier has not published its chat channels and PagerDuty services since this coordinator"
                        + " started, so the release's announcements cannot be checked; is the notifier running?",
                List.of(),
                null);
    }

    /** "`service` is not accepted: ...; `image.digest` must be ...": each field named, then what is wrong with it. */
    private static String sentences(List<Violation> errors) {
        return errors.stream().map(v -> "`" + v.field() + "` " + v.message()).collect(Collectors.joining("; "));
    }

    static Problem codeFreeze(String application, String environment, String activeRelease, String activeVersion) {
        return new Problem(
                "https://runway.dev/problems/code-freeze",
                "Another release is active",
                409,
                "release " + activeRelease + " (version " + activeVersion + ") of " + application + " to " + environment
                        + " is still running; the code freeze allows one active release per application and environment",
                null,
                activeRelease);
    }

    static Problem invalidDecision(List<Violation> errors) {
        String detail = errors.stream()
                .map(Violation::toString)
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        return new Problem(
                "https://runway.dev/problems/invalid-decision", "Invalid decision", 400, detail, errors, null);
    }

    static Problem notAwaitingDecision(String why) {
        return new Problem(
                "https://runway.dev/problems/not-awaiting-decision",
                "The release is not awaiting a decision",
                409,
                why,
                null,
                null);
    }

    static Problem rollbackBlocked(String activeRelease, String activeVersion) {
        return new Problem(
                "https://runway.dev/problems/code-freeze",
                "Another release is active",
                409,
                "release " + activeRelease + " (version " + activeVersion + ") of the same application and environment"
                        + " is active; the code freeze allows no rollback of a completed release beside it",
                null,
                activeRelease);
    }

    /**
     * A spec that still names its requester or carries votes: both now come from tokens, so accepting them silently
     * would let a spec speak for people.
     */
    static Problem peopleInSpec(List<Violation> errors) {
        return new Problem(
                "https://runway.dev/problems/people-in-spec",
                "The spec names people",
                400,
                errors.stream()
                        .map(Violation::toString)
                        .reduce((a, b) -> a + "; " + b)
                        .orElse(""),
                errors,
                null);
    }

    static Problem invalidRequest(String what, List<Violation> errors) {
        String detail = errors.stream()
                .map(Violation::toString)
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
        return new Problem("https://runway.dev/problems/invalid-request", "Invalid " + what, 400, detail, errors, null);
    }

    /** The caller holds a role the endpoint accepts, but not the one this particular request needs. */
    static Problem missingRole(String detail) {
        return new Problem("https://runway.dev/problems/forbidden", "Role required", 403, detail, null, null);
    }

    /** The release's state does not accept the request now; {@code why} is the state machine's reason. */
    static Problem refused(String title, String why) {
        return new Problem("https://runway.dev/problems/refused", title, 409, why, null, null);
    }

    static Problem notFound(String id) {
        return new Problem(
                "https://runway.dev/problems/release-not-found",
                "No such release",
                404,
                "no release with id " + id,
                null,
                null);
    }

    static Problem badId(String id) {
        return new Problem(
                "https://runway.dev/problems/invalid-release-id",
                "Invalid release id",
                400,
                "'" + id + "' is not a release id (a UUID)",
                List.of(new Violation("id", "must be a UUID")),
                null);
    }

    /** 406: the caller accepts none of the representations {@code what} has. */
    static Problem notAcceptable(String what, String offered) {
        return new Problem(
                "https://runway.dev/problems/not-acceptable",
                "Not acceptable",
                406,
                what + " is offered as " + offered + "; send one of them in Accept",
                null,
                null);
    }

    /** 409: a release that did not roll back has no incident report; {@code why} says where it stands. */
    static Problem notRolledBack(String id, String why) {
        return new Problem(
                "https://runway.dev/problems/not-rolled-back",
                "The release did not roll back",
                409,
                "release " + id + " has no incident report: " + why,
                null,
                null);
    }
}
