package dev.runway.coordinator.rest;

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

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return new Problem("https://runway.dev/problems/not-found", "Not found", 404, "no such resource", null, null)
                .toResponse();
    }
}
