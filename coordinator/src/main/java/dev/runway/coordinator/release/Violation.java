package dev.runway.coordinator.release;

/** One thing wrong with a release spec: the field's JSON path and what is wrong with it. */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
