package dev.runway.coordinator.phase;

import java.util.Optional;

/**
 * A revision of the Kubernetes Deployment, as its revision annotation numbers it: 1 or more. An unknown revision is
 * the absence of one, never a number.
 */
public record Revision(long number) {

    public Revision {
        if (number < 1) {
            throw new IllegalArgumentException("a Deployment revision is 1 or more, not " + number);
        }
    }

    /** Empty unless {@code text} is a revision number: a rollback point that cannot be read is not known. */
    public static Optional<Revision> parse(String text) {
        if (text == null || text.isEmpty() || !text.chars().allMatch(Character::isDigit) || text.length() > 18) {
            return Optional.empty();
        }
        long number = Long.parseLong(text);
        return number < 1 ? Optional.empty() : Optional.of(new Revision(number));
    }

    @Override
    public String toString() {
        return Long.toString(number);
    }
}
