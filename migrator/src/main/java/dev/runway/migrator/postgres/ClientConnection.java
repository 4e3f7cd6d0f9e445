package dev.runway.migrator.postgres;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a PostgreSQL client binary (pg_dump, pg_restore, psql) connects, read from the JDBC URL the migrator uses. The
 * password goes only into the child's environment ({@code PGPASSWORD}), never onto its command line.
 */
public record ClientConnection(String host, String port, String database, String sslMode) {

    private static final Pattern JDBC_URL =
            Pattern.compile("jdbc:postgresql://(\\[[^]]+]|[^/:,?]+)(?::(\\d+))?(?:,[^/]*)?/([^?]+)(?:\\?(.*))?");

    /** Empty when the URL is not {@code jdbc:postgresql://host[:port]/database}; a second host is not used. */
    public static Optional<ClientConnection> of(String jdbcUrl) {
        Matcher url = JDBC_URL.matcher(jdbcUrl);
        if (!url.matches()) {
            return Optional.empty();
        }
        String host = url.group(1).startsWith("[")
                ? url.group(1).substring(1, url.group(1).length() - 1)
                : url.group(1);
        return Optional.of(new ClientConnection(
                host,
                url.group(2) == null ? "5432" : url.group(2),
                url.group(3),
                parameter(url.group(4), "sslmode", "prefer")));
    }

    /** {@code --host}, {@code --port}, {@code --username} and {@code --dbname}, with {@code --no-password}. */
    public List<String> arguments(String username) {
        return List.of(
                "--no-password", "--host=" + host, "--port=" + port, "--username=" + username, "--dbname=" + database);
    }

    /** The password, TLS mode, a 10 s connect timeout and the name the session shows in {@code pg_stat_activity}. */
    public Map<String, String> environment(String password, String applicationName) {
        return Map.of(
                "PGPASSWORD", password,
                "PGSSLMODE", sslMode,
                "PGCONNECT_TIMEOUT", "10",
                "PGAPPNAME", applicationName);
    }

    private static String parameter(String query, String name, String fallback) {
        if (query == null) {
            return fallback;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equalsIgnoreCase(name)) {
                return pair.substring(eq + 1);
            }
        }
        return fallback;
    }
}
