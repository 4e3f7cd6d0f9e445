package dev.runway.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The manifest document the simulated registry serves. Deterministic per repository and tag, so the demo
 * digests can be the real sha256 of the body, as on a real registry.
 */
final class OciManifest {

    static final String MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json";

    private OciManifest() {}

    static byte[] body(String repository, String tag) {
        String config = sha256("config " + repository + ":" + tag);
        String layer = sha256("layer " + repository + ":" + tag);
        String json = "{\"schemaVersion\":2,"
                + "\"mediaType\":\"" + MEDIA_TYPE + "\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config
                + "\",\"size\":1024},"
                + "\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layer
                + "\",\"size\":4096}],"
                + "\"annotations\":{\"org.opencontainers.image.version\":\"" + tag + "\","
                + "\"org.opencontainers.image.description\":\"Runway sandbox simulation: no real image content\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String digestOf(String repository, String tag) {
        return sha256(body(repository, tag));
    }

    private static String sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory on every JVM", e);
        }
    }
}
