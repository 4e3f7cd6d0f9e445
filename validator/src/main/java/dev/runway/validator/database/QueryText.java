package dev.runway.validator.database;

import java.util.regex.Pattern;

/**
 * A query as the timeline may show it: its literals, where data and passwords ({@code ALTER ROLE ... PASSWORD '...'})
 * would be, replaced by {@code ?} and its comments dropped, then its first {@value #LENGTH} characters.
 */
public final class QueryText {

    static final int LENGTH = 60;

    private static final Pattern COMMENTS = Pattern.compile("--[^\\n]*|/\\*.*?(\\*/|$)", Pattern.DOTALL);
    // the tag's group always takes part (maybe empty), so that the closing $$ can refer back to it
    private static final Pattern DOLLAR_QUOTED =
            Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*|)\\$.*?(\\$\\1\\$|$)", Pattern.DOTALL);
    // E'...' allows backslash escapes; every other form doubles its quotes. A literal the server cut off at
    // track_activity_query_size runs to the end.
    private static final Pattern ESCAPE_STRINGS = Pattern.compile("(?<![A-Za-z0-9_])[Ee]'(?:[^'\\\\]|\\\\.|'')*('|$)");
    private static final Pattern STRINGS = Pattern.compile("(?<![A-Za-z0-9_])(?:[BbXxNn]|[Uu]&)?'(?:[^']|'')*('|$)");
    private static final Pattern NUMBERS =
            Pattern.compile("(?<![A-Za-z0-9_$.])[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?(?![A-Za-z0-9_])");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private QueryText() {}

    public static String redact(String query) {
        if (query == null) {
            return "";
        }
        String text = COMMENTS.matcher(query).replaceAll(" ");
        text = DOLLAR_QUOTED.matcher(text).replaceAll("?");
        text = ESCAPE_STRINGS.matcher(text).replaceAll("?");
        text = STRINGS.matcher(text).replaceAll("?");
        text = NUMBERS.matcher(text).replaceAll("?");
        text = SPACE.matcher(text).replaceAll(" ").trim();
        return text.length() <= LENGTH ? text : text.substring(0, LENGTH) + "…";
    }
}
