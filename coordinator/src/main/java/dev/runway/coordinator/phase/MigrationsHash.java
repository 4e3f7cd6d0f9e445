package dev.runway.coordinator.phase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.model.RunwayJson;
import dev.runway.model.spec.Migration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/**
 * The content hash a DBA's GO must carry: {@code sha256:} and the hex SHA-256 of the migrations' canonical JSON (the
 * spec's {@code database.migrations} array, object keys sorted, no whitespace). Anyone can recompute it from the spec,
 * and a vote for other migrations than the ones that will run does not count.
 */
public final class MigrationsHash {

    private MigrationsHash() {}

    public static String of(List<Migration> migrations) {
        try {
            JsonNode tree = RunwayJson.wire().valueToTree(migrations);
            byte[] canonical =
                    RunwayJson.wire().writeValueAsString(sorted(tree)).getBytes(StandardCharsets.UTF_8);
            return "sha256:"
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("migrations cannot be hashed", e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            TreeSet<String> names = new TreeSet<>();
            node.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> out.set(name, sorted(node.get(name))));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }
}
