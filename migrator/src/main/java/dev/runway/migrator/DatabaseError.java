package dev.runway.migrator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * What a database error is, in PostgreSQL's codes rather than its words: the server's message and detail may quote
 * row values (a unique violation shows the duplicate key), so only the SQLSTATE, its condition name and its class leave
 * the migrator, in events and in its log alike.
 */
public final class DatabaseError {

    private static final Properties SQLSTATES = load();

    private DatabaseError() {}

    /**
     * The SQLSTATE of the innermost {@link SQLException} that has one, e.g. {@code "SQLSTATE 23505 unique_violation
     * (class 23 integrity constraint violation)"}; empty when no part of {@code error} came from the database.
     */
    public static Optional<String> summary(Throwable error) {
        return sqlState(error).map(DatabaseError::describe);
    }

    /** The innermost SQLSTATE in {@code error}'s causes: drivers and Liquibase wrap the server's error in theirs. */
    public static Optional<String> sqlState(Throwable error) {
        String state = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                state = sql.getSQLState();
            }
        }
        return Optional.ofNullable(state);
    }

    public static String describe(String sqlState) {
        StringBuilder text = new StringBuilder("SQLSTATE ").append(sqlState);
        String condition = SQLSTATES.getProperty(sqlState);
        if (condition != null) {
            text.append(' ').append(condition);
        }
        String errorClass = sqlState.length() == 5 ? SQLSTATES.getProperty("class." + sqlState.substring(0, 2)) : null;
        if (errorClass != null) {
            text.append(" (class ")
                    .append(sqlState, 0, 2)
                    .append(' ')
                    .append(errorClass)
                    .append(')');
        }
        return text.toString();
    }

    private static Properties load() {
        Properties states = new Properties();
        try (InputStream in = DatabaseError.class.getResourceAsStream("sqlstates.properties")) {
            if (in == null) {
                throw new IllegalStateException("sqlstates.properties is missing beside " + DatabaseError.class);
            }
            states.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return states;
    }
}
