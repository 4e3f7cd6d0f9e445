package dev.runway.coordinator.rest;

import io.quarkus.security.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Framework errors answered as problem+json too, so clients parse one error shape. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e) {
        return new Problem(
                        "https://runway.dev/problems/unsupported-media-type",
                        "Unsupported media type",
                        415,
                        "send the release spec as application/json",
                        null,
                        null)
                .toResponse();
    }

    /** A valid token whose Runway roles do not include one this call needs ({@code @RolesAllowed}). */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return new Problem(
                        "https://runway.dev/problems/forbidden",
                        "Role required",
                        403,
                        "your token's roles do not allow this call; see the REST table for the role each call needs",
                        null,
                        null)
                .toResponse();
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return new Problem("https://runway.dev/problems/not-found", "Not found", 404, "no such resource", null, null)
                .toResponse();
    }
}
