package dev.runway.model.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a smoke check looks in a JSON body: a small subset of JSONPath that names exactly one value. {@code $}, then
 * any number of steps: {@code .name} (a letter or {@code _}, then letters, digits, {@code _} or {@code -}),
 * {@code ['name']} or {@code ["name"]} (any characters but quotes and backslashes), and {@code [n]} (an array index
 * from 0). No wildcards, filters, slices, negative indexes or recursive descent: a path that could name several values
 * could not be compared with one. For example {@code $.items[0].id} or {@code $['order id']}.
 *
 * <p>The coordinator parses it when a spec is submitted, the validator when it judges; both read it here.
 */
public final class JsonPath {

    private final String text;
    private final List<Object> steps;

    private JsonPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = List.copyOf(steps);
    }

    /**
     * @throws IllegalArgumentException saying where the path leaves the subset, e.g. {@code expected '.' or '[' at
     *     character 2}
     */
    public static JsonPath parse(String text) {
        if (text == null || !text.startsWith("$")) {
            throw new IllegalArgumentException("must start with '$'");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < text.length() && isNameChar(text.charAt(i), i == start)) {
                    i++;
                }
                if (i == start) {
                    throw new IllegalArgumentException("expected a name at character " + (start + 1)
                            + " (a letter or '_', then letters, digits, '_' or '-'); quote others as ['name']");
                }
                steps.add(text.substring(start, i));
            } else if (c == '[') {
                int close = text.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("'[' at character " + (i + 1) + " is not closed");
                }
                steps.add(bracketed(text.substring(i + 1, close), i + 1));
                i = close + 1;
            } else {
                throw new IllegalArgumentException("expected '.' or '[' at character " + (i + 1));
            }
        }
        return new JsonPath(text, steps);
    }

    private static Object bracketed(String inside, int at) {
        if (inside.length() >= 2
                && (inside.charAt(0) == '\'' || inside.charAt(0) == '"')
                && inside.charAt(inside.length() - 1) == inside.charAt(0)) {
            String name = inside.substring(1, inside.length() - 1);
            if (name.isEmpty() || name.contains("'") || name.contains("\"") || name.contains("\\")) {
                throw new IllegalArgumentException(
                        "the name at character " + (at + 1) + " must be non-empty, without quotes or backslashes");
            }
            return name;
        }
        if (inside.matches("[0-9]{1,9}")) {
            return Integer.valueOf(inside);
        }
        throw new IllegalArgumentException("expected an index from 0 or a quoted name at character " + (at + 1)
                + "; wildcards, filters, slices and negative indexes are not supported");
    }

    private static boolean isNameChar(char c, boolean first) {
        boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
        return first ? letter : letter || (c >= '0' && c <= '9') || c == '-';
    }

    /** The value the path names in {@code root}; empty when a step finds no member or element there. */
    public Optional<JsonNode> select(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            if (node == null) {
                return Optional.empty();
            }
            node = step instanceof Integer index
                    ? (node.isArray() ? node.get(index) : null)
                    : (node.isObject() ? node.get((String) step) : null);
        }
        return Optional.ofNullable(node);
    }

    /**
     * Whether {@code value} is what a spec's {@code jsonEquals} names: a string by its text, a number by its value
     * ({@code 42} equals {@code 42.0}), {@code true}, {@code false} and {@code null} by those words. An object or an
     * array equals nothing: a smoke check compares one value.
     */
    public static boolean matches(JsonNode value, String expected) {
        if (value.isNumber()) {
            try {
                return value.decimalValue().compareTo(new BigDecimal(expected.trim())) == 0;
            } catch (NumberFormatException notANumber) {
                return false;
            }
        }
        if (value.isNull()) {
            return expected.equals("null");
        }
        return value.isValueNode() && value.asText().equals(expected);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonPath p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
