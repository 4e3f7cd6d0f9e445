package dev.runway.coordinator.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.coordinator.release.ReleaseSpecValidator.Limits;
import dev.runway.model.RunwayJson;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseSpecLimitsTest {

    @ParameterizedTest
    @CsvSource({
        "version, 128",
        "image.repository, 255",
        "migrations[0].id, 128",
        "migrations[0].description, 1024",
        "migrations[0].sql, 65536",
        "migrations[0].rollbackSql, 65536",
        "configuration.data.FEATURE_LOYALTY, 65536",
        "smokeChecks[1].name, 128",
        "smokeChecks[1].path, 2048",
        "smokeChecks[1].bodyContains, 1024",
        "smokeChecks[1].body, 16384",
        "smokeChecks[1].credential, 128",
        "smokeChecks[1].jsonPath, 256",
        "smokeChecks[1].jsonEquals, 1024",
        "smokeChecks[1].headers.X-Note, 4096",
        "guards.rules[1].name, 128",
    })
    void everyStringFieldHasAMaximumThatItsViolationNames(String field, int limit) throws Exception {
        assertThat(violations(withString(field, limit)))
                .noneMatch(v -> v.message().contains("characters long"));

        assertThat(violations(withString(field, limit + 1)))
                .containsExactly(new Violation(field, "is " + (limit + 1) + " characters long; at most " + limit));
    }

    @ParameterizedTest
    @CsvSource({"migrations, 100", "smokeChecks, 50", "guards.rules, 20"})
    void everyListHasAMaximumThatItsViolationNames(String field, int limit) throws Exception {
        assertThat(violations(withEntries(field, limit)))
                .noneMatch(v -> v.message().contains("entries"));

        assertThat(violations(withEntries(field, limit + 1)))
                .containsExactly(new Violation(field, "has " + (limit + 1) + " entries; at most " + limit));
    }

    @Test
    void theConfigurationHasAtMostAHundredEntriesAndKeysOfAConfigMapsLength() throws Exception {
        ObjectNode spec = example();
        ObjectNode data = (ObjectNode) spec.at("/configuration/data");
        for (int i = 0; i < Limits.CONFIGURATION_ENTRIES; i++) {
            data.put("KEY_" + i, "v");
        }
        assertThat(violations(spec))
                .containsExactly(new Violation("configuration.data", "has 101 entries; at most 100"));

        ObjectNode longKey = example();
        ((ObjectNode) longKey.at("/configuration/data")).put("K".repeat(254), "v");
        assertThat(violations(longKey))
                .containsExactly(new Violation("configuration.data", "has a key of 254 characters; at most 253"));
    }

    @Test
    void theWholeBodyIsAtMost256KiBAndTheViolationNamesTheLimit() {
        String atLimit = "x".repeat(Limits.MAX_BODY_BYTES);
        assertThat(ReleaseSpecValidator.bodyTooLarge(atLimit)).isEmpty();

        // 'é' is two bytes in UTF-8: the limit counts bytes, not characters
        String over = "é".repeat(Limits.MAX_BODY_BYTES / 2 + 1);
        assertThat(ReleaseSpecValidator.bodyTooLarge(over))
                .contains(new Violation("$", "is 262146 bytes; a release spec may be at most 262144 bytes (256 KiB)"));
    }

    private static ObjectNode example() throws Exception {
        return (ObjectNode) RunwayJson.wire().readTree(ReleaseSpecValidatorTest.example());
    }

    private static List<Violation> violations(ObjectNode spec) throws Exception {
        return ReleaseSpecValidator.validate(ReleaseSpecParser.parse(spec.toString()));
    }

    /** The example with {@code field} set to {@code length} characters that pass its other rules. */
    private static ObjectNode withString(String field, int length) throws Exception {
        ObjectNode spec = example();
        String value = switch (field) {
            case "image.repository" -> "registry.sandbox.local/" + "a".repeat(length - 23);
            case "smokeChecks[1].path" -> "/" + "a".repeat(length - 1);
            case "smokeChecks[1].jsonPath" -> "$." + "a".repeat(length - 2);
            default -> "a".repeat(length);
        };
        ObjectNode smoke = (ObjectNode) spec.at("/smokeChecks/1");
        switch (field) {
            // each needs the other, and a body needs a method that sends one
            case "smokeChecks[1].jsonPath" -> smoke.put("jsonEquals", "x");
            case "smokeChecks[1].jsonEquals" -> smoke.put("jsonPath", "$.a");
            case "smokeChecks[1].body" -> smoke.put("method", "POST");
            case "smokeChecks[1].headers.X-Note" -> smoke.putObject("headers");
            default -> {}
        }
        int dot = field.lastIndexOf('.');
        ObjectNode parent = dot < 0 ? spec : (ObjectNode) spec.at(pointer(field.substring(0, dot)));
        parent.put(field.substring(dot + 1), value);
        return spec;
    }

    /** The example with {@code count} copies of the first entry of the list at {@code field}, renamed to differ. */
    private static ObjectNode withEntries(String field, int count) throws Exception {
        ObjectNode spec = example();
        ArrayNode list = (ArrayNode) spec.at(pointer(field));
        JsonNode first = list.get(0);
        list.removeAll();
        for (int i = 0; i < count; i++) {
            ObjectNode copy = first.deepCopy();
            if (copy.has("id")) {
                copy.put("id", "m" + i);
            }
            if (copy.has("name") && !field.equals("smokeChecks")) {
                copy.put("name", "rule-" + i);
            }
            list.add(copy);
        }
        return spec;
    }

    private static String pointer(String field) {
        return "/" + field.replace(".", "/").replaceAll("\\[(\\d+)]", "/$1");
    }
}
