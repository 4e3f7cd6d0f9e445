package dev.runway.migrator;

/**
 * A database the migrator may change, as configured under {@code runway.databases."<name>"}.
 * {@link #toString()} leaves the password out, so the record can be logged.
 */
public record TargetDatabase(String name, String jdbcUrl, String username, String password) {

    @Override
    public String toString() {
        return "TargetDatabase[name=" + name + ", jdbcUrl=" + jdbcUrl + ", username=" + username + "]";
    }
}
