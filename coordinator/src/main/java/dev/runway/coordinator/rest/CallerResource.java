package dev.runway.coordinator.rest;

import dev.runway.coordinator.security.RunwayRole;
import dev.runway.coordinator.security.RunwayRole.Names;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Who the token says the caller is, so a client can show it and offer only the actions the caller's roles allow. */
@Path("/me")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Names.VIEWER, Names.DEPLOYER, Names.DEPLOYMENT_LEAD, Names.ENGINEERING_MANAGER, Names.DBA, Names.DEVOPS})
public class CallerResource {

    @Inject
    SecurityIdentity identity;

    /**
     * @param subject the token's subject, as the release records it for who started, voted or decided
     * @param roles   the Runway roles the role mapping gave the token, in the order of {@link RunwayRole}
     */
    public record Me(String subject, List<String> roles) {}

    @GET
    @Operation(
            summary = "The caller",
            description = "The verified token's subject and the Runway roles mapped from its claim.")
    @APIResponse(
            responseCode = "200",
            description = "The caller",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Me.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(
            responseCode = "403",
            description = "The token maps to no Runway role (https://runway.dev/problems/forbidden)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Me me() {
        Caller caller = Caller.of(identity);
        return new Me(
                caller.subject(),
                Arrays.stream(RunwayRole.values())
                        .filter(caller::holds)
                        .map(RunwayRole::roleName)
                        .toList());
    }
}
