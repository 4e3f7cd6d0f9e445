package dev.runway.migrator;

import java.util.Collection;
import java.util.List;

/**
 * Removes configured secrets from text that leaves the migrator (events, logs). Driver and
 * Liquibase messages may quote connection details, so every message from them passes through here.
 */
public final class Redactor {

    public static final String MASK = "****";

    private final List<String> secrets;

    public Redactor(Collection<String> secrets) {
        // the longest first, so a secret containing another is masked whole
        this.secrets = secrets.stream()
                .filter(s -> s != null && !s.isEmpty())
                .distinct()
                .sorted((a, b) -> b.length() - a.length())
                .toList();
    }

    public String redact(String text) {
        if (text == null) {
            return null;
        }
        String result = text;
        for (String secret : secrets) {
            result = result.replace(secret, MASK);
        }
        return result;
    }
}
