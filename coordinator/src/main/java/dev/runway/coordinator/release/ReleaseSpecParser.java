package dev.runway.coordinator.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.runway.model.RunwayJson;
import dev.runway.model.spec.ReleaseSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads a release spec strictly and turns Jackson's errors into a field path and a sentence. */
public final class ReleaseSpecParser {

    private static final String CONFIGURED_ON_THE_SERVER =
            "where a release goes is configured on the server per application and environment";

    /**
     * Fields specs used to carry that the server now decides, each with why it is refused. Keyed by path, so a
     * {@code database} inside a guard rule is not mistaken for the old target.
     */
    private static final Map<String, String> SERVER_SIDE = Map.of(
            "kubernetes", CONFIGURED_ON_THE_SERVER,
            "service", CONFIGURED_ON_THE_SERVER,
            "database", CONFIGURED_ON_THE_SERVER + "; list schema changes in 'migrations'",
            "caches", CONFIGURED_ON_THE_SERVER,
            "notifications", CONFIGURED_ON_THE_SERVER,
            "configuration.configMap", CONFIGURED_ON_THE_SERVER,
            "image.tag", "an image is pinned by its digest; a tag can be moved after the release is checked");

    private ReleaseSpecParser() {}

    public static ReleaseSpec parse(String body) throws InvalidSpecException {
        return read(body, ReleaseSpec.class, "a release spec");
    }

    /**
     * Reads any request body as strictly as a release spec.
     *
     * @param what names the body in messages, e.g. {@code a decision}
     */
    public static <T> T read(String body, Class<T> type, String what) throws InvalidSpecException {
        if (body == null || body.isBlank()) {
            throw new InvalidSpecException(List.of(new Violation("$", what + " (JSON object) is required")));
        }
        try {
            T value = RunwayJson.strict().readValue(body, type);
            if (value == null) {
                throw new InvalidSpecException(List.of(new Violation("$", what + " (JSON object) is required")));
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            String reason = type == ReleaseSpec.class ? SERVER_SIDE.get(field) : null;
            throw new InvalidSpecException(List.of(
                    reason == null
                            ? new Violation(field, "is not a field of " + what)
                            : new Violation(field, "is not accepted: " + reason)));
        } catch (InvalidFormatException e) {
            String allowed = e.getTargetType() != null && e.getTargetType().isEnum()
                    ? "; one of "
                            + Arrays.stream(e.getTargetType().getEnumConstants())
                                    .map(Object::toString)
                                    .collect(Collectors.joining(", "))
                    : "";
            throw new InvalidSpecException(
                    List.of(new Violation(path(e), "'" + e.getValue() + "' is not valid here" + allowed)));
        } catch (JsonMappingException e) {
            throw new InvalidSpecException(
                    List.of(new Violation(path(e), "has the wrong type or shape: " + e.getOriginalMessage())));
        } catch (JsonProcessingException e) {
            throw new InvalidSpecException(List.of(new Violation("$", "is not valid JSON: " + e.getOriginalMessage())));
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "$" : path.toString();
    }

    /** The spec could not be read; {@link #violations()} says where. */
    public static final class InvalidSpecException extends Exception {
        private final List<Violation> violations;

        public InvalidSpecException(List<Violation> violations) {
            super(violations.toString());
            this.violations = List.copyOf(violations);
        }

        public List<Violation> violations() {
            return violations;
        }
    }
}
