package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The local stack's issuer, read as a relying party reads it: discovery, then JWKS, then each token's signature. */
class IdentityProviderIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyDemoUsersTokenVerifiesAgainstThePublishedKeyAndNamesTheirRole() throws Exception {
        try (IdentityProvider provider = IdentityProvider.start(0)) {
            JsonNode discovery = get(provider.issuer() + "/.well-known/openid-configuration");
            assertThat(discovery.path("issuer").asText()).isEqualTo(provider.issuer());
            JsonNode key = get(discovery.path("jwks_uri").asText()).path("keys").get(0);
            assertThat(key.path("alg").asText()).isEqualTo("RS256");
            PublicKey publicKey = KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(
                            new BigInteger(1, decode(key.path("n").asText())),
                            new BigInteger(1, decode(key.path("e").asText()))));

            for (DemoUser user : DemoUser.values()) {
                String[] parts = provider.token(user).split("\\.");
                JsonNode header = RunwayJson.wire().readTree(decode(parts[0]));
                JsonNode claims = RunwayJson.wire().readTree(decode(parts[1]));
                Signature rs256 = Signature.getInstance("SHA256withRSA");
                rs256.initVerify(publicKey);
                rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));

                assertThat(rs256.verify(decode(parts[2]))).as(user.subject()).isTrue();
                assertThat(header.path("kid").asText())
                        .isEqualTo(key.path("kid").asText());
                assertThat(claims.path("iss").asText()).isEqualTo(provider.issuer());
                assertThat(claims.path("sub").asText()).isEqualTo(user.subject());
                assertThat(claims.path("aud").asText()).isEqualTo(IdentityProvider.AUDIENCE);
                assertThat(claims.path("groups").get(0).asText()).isEqualTo(user.role());
                assertThat(claims.path("exp").asLong())
                        .isGreaterThan(Instant.now().getEpochSecond());
            }
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return RunwayJson.wire().readTree(response.body());
    }

    private static byte[] decode(String base64url) {
        return Base64.getUrlDecoder().decode(base64url);
    }
}
