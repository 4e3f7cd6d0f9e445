package dev.runway.coordinator.dashboard;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The dashboard's HTML shell. It is public because it holds no data: the page's script asks the user for a bearer
 * token, keeps it in the tab's session storage and calls the API with it, so every release, vote and role it shows
 * is read with the user's own token and every button it offers is checked again by the API.
 */
@Path("/dashboard")
@PermitAll
public class DashboardResource {

    /**
     * Scripts, styles and data only from the coordinator itself: the page inserts what the API says as text, and this
     * keeps an injected script from running even if that ever failed. No framing (clickjacking of the buttons).
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " connect-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

    @CheckedTemplate
    static class Templates {
        /** @param releaseId the release the page opens on, or null for the list */
        static native TemplateInstance dashboard(String releaseId);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> releases() {
        return page(null);
    }

    /** The same shell, opened on one release's live timeline; the release is read by the script, with the token. */
    @GET
    @Path("/releases/{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Uni<Response> release(@PathParam("id") String id) {
        UUID releaseId;
        try {
            releaseId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom()
                    .item(Response.status(Response.Status.NOT_FOUND)
                            .type(MediaType.TEXT_PLAIN)
                            .entity("not a release id")
                            .build());
        }
        return page(releaseId.toString());
    }

    private static Uni<Response> page(String releaseId) {
        return Templates.dashboard(releaseId)
                .createUni()
                .map(html -> Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                        .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                        .header("X-Content-Type-Options", "nosniff")
                        .header("Referrer-Policy", "no-referrer")
                        .header("Cache-Control", "no-store")
                        .build());
    }
}
