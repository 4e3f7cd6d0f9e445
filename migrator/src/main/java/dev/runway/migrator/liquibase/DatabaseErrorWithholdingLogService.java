package dev.runway.migrator.liquibase;

import dev.runway.migrator.DatabaseError;
import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogger;
import liquibase.logging.core.JavaLogService;

/**
 * Liquibase's logging, less the database's words. Liquibase logs a failed change set with the server's message and
 * detail, which may quote row values (a unique violation shows the duplicate key); such a line is logged as the
 * SQLSTATE alone, the way the migrator reports it in its events.
 */
final class DatabaseErrorWithholdingLogService extends JavaLogService {

    /** How PostgreSQL's server messages begin, and its detail and context lines. */
    private static final String[] SERVER_WORDS = {"ERROR:", "FATAL:", "PANIC:", "Detail:", "Where:", "Hint:"};

    @Override
    public Logger getLog(Class clazz) {
        return new Withholding(super.getLog(clazz));
    }

    static String withheld(String message, Throwable error) {
        if (error == null && !quotesTheServer(message)) {
            return message;
        }
        return "a database error, withheld because it may quote row values: "
                + (error == null
                        ? "see the migration's SQLSTATE"
                        : DatabaseError.summary(error).orElse("no SQLSTATE"));
    }

    private static boolean quotesTheServer(String message) {
        if (message == null) {
            return false;
        }
        for (String word : SERVER_WORDS) {
            if (message.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static final class Withholding extends AbstractLogger {
        private final Logger delegate;

        Withholding(Logger delegate) {
            this.delegate = delegate;
        }

        @Override
        public void log(Level level, String message, Throwable error) {
            delegate.log(level, withheld(message, error), null);
        }
    }
}
