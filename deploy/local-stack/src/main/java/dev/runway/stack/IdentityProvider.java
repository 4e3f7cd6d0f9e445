package dev.runway.stack;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.runway.model.RunwayJson;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * A small but real OpenID Connect issuer for the local stack: a discovery document and a JWKS over HTTP, and RS256
 * tokens for the {@link DemoUser demo users}, signed with a key pair made at start and never written anywhere. The
 * coordinator verifies these tokens exactly as it verifies a production provider's; only issuing differs (no login,
 * tokens are minted at start for the demo's people).
 */
public final class IdentityProvider implements AutoCloseable {

    /** The audience the local stack's coordinator expects. */
    public static final String AUDIENCE = "runway-coordinator";

    private static final Duration TOKEN_LIFETIME = Duration.ofHours(12);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final KeyPair keys;
    private final String keyId = UUID.randomUUID().toString();
    private final String issuer;
    private final Map<DemoUser, String> tokens = new EnumMap<>(DemoUser.class);

    private IdentityProvider(HttpServer server, KeyPair keys) {
        this.server = server;
        this.keys = keys;
        this.issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        Instant now = Instant.now();
        for (DemoUser user : DemoUser.values()) {
            tokens.put(user, sign(user, now));
        }
    }

    /** @param port 0 for a free one */
    public static IdentityProvider start(int port) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            IdentityProvider provider = new IdentityProvider(server, generator.generateKeyPair());
            server.createContext("/.well-known/openid-configuration", provider::discovery);
            server.createContext("/jwks", provider::jwks);
            server.start();
            return provider;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("identity provider did not start on port " + port, e);
        }
    }

    /** What the coordinator's {@code quarkus.oidc.auth-server-url} names. */
    public String issuer() {
        return issuer;
    }

    /** A bearer token for {@code user}; a secret for as long as the stack runs. */
    public String token(DemoUser user) {
        return tokens.get(user);
    }

    private String sign(DemoUser user, Instant now) {
        ObjectNode header = RunwayJson.wire().createObjectNode();
        header.put("alg", "RS256").put("typ", "JWT").put("kid", keyId);
        ObjectNode claims = RunwayJson.wire().createObjectNode();
        claims.put("iss", issuer)
                .put("sub", user.subject())
                .put("aud", AUDIENCE)
                .put("preferred_username", user.subject())
                .put("iat", now.getEpochSecond())
                .put("exp", now.plus(TOKEN_LIFETIME).getEpochSecond())
                .put("jti", UUID.randomUUID().toString());
        claims.putArray("groups").add(user.role());
        String signingInput = b64(header.toString()) + "." + b64(claims.toString());
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        ObjectNode doc = RunwayJson.wire().createObjectNode();
        doc.put("issuer", issuer).put("jwks_uri", issuer + "/jwks");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("subject_types_supported").add("public");
        doc.putArray("response_types_supported").add("id_token");
        answer(exchange, doc.toString());
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey key = (RSAPublicKey) keys.getPublic();
        ObjectNode jwks = RunwayJson.wire().createObjectNode();
        jwks.putArray("keys")
                .addObject()
                .put("kty", "RSA")
                .put("kid", keyId)
                .put("use", "sig")
                .put("alg", "RS256")
                .put("n", B64.encodeToString(unsigned(key.getModulus())))
                .put("e", B64.encodeToString(unsigned(key.getPublicExponent())));
        answer(exchange, jwks.toString());
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** JWK integers are unsigned big-endian: no leading zero byte for the sign. */
    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String b64(String json) {
        return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
