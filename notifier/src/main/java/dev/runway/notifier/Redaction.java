package dev.runway.notifier;

/**
 * Keeps secrets out of text that leaves a sink: a provider's error body is quoted to help people,
 * and a provider could echo what it was sent.
 */
public final class Redaction {

    static final String MASK = "[redacted]";
    private static final int MAX_QUOTED = 300;

    private Redaction() {}

    /** {@code text} shortened, with every occurrence of each non-blank secret masked. */
    public static String quote(String text, String... secrets) {
        if (text == null) {
            return "";
        }
        String quoted = text.strip();
        for (String secret : secrets) {
            if (secret != null && !secret.isBlank()) {
                quoted = quoted.replace(secret, MASK);
            }
        }
        return quoted.length() > MAX_QUOTED ? quoted.substring(0, MAX_QUOTED) + "…" : quoted;
    }
}
