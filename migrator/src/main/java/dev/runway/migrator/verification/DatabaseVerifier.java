package dev.runway.migrator.verification;

import dev.runway.migrator.DatabaseError;
import dev.runway.migrator.Redactor;
import dev.runway.migrator.TargetDatabase;
import dev.runway.migrator.liquibase.Versions;
import dev.runway.model.command.StartMigration;
import dev.runway.model.event.Measurement;
import dev.runway.model.spec.DatabaseVerification;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Runbook Steps 2.4 (Verify Schema Version) and 2.5 (Validate Data Integrity), after a release's migrations: the
 * schema version is the release's last migration; the tables and columns the release expects exist; no foreign key
 * has orphan rows, NOT VALID ones included; no NOT VALID check constraint is violated; no index is invalid; and each of
 * the release's own checks returns no rows. Everything is read in read-only transactions that are rolled back, so
 * verifying changes nothing and a redelivered command verifies again.
 *
 * <p>Each item is measured and reported as it is done; an item is never reported as passed unless its query ran.
 * Nothing here throws: a query that fails is an {@link Finding.Verdict#ERROR} finding naming its SQLSTATE, never the
 * server's message, and no row's value is ever read.
 */
@ApplicationScoped
public class DatabaseVerifier {

    private static final Logger LOG = Logger.getLogger(DatabaseVerifier.class);

    static final String SCHEMA_VERSION = "schema version";
    static final String TABLES_AND_COLUMNS = "tables and columns";
    static final String REFERENTIAL_INTEGRITY = "referential integrity";
    static final String CHECK_CONSTRAINTS = "check constraints";
    static final String INDEXES = "indexes";

    private final VerificationConfig config;
    private final Redactor redactor;
    private final Clock clock;

    public DatabaseVerifier(VerificationConfig config, Redactor redactor, Clock clock) {
        this.config = config;
        this.redactor = redactor;
        this.clock = clock;
    }

    /**
     * Verifies {@code database} after {@code start}'s migrations completed.
     *
     * @param onFinding told of each item as soon as it is measured
     */
    public Verification verify(TargetDatabase database, StartMigration start, Consumer<Finding> onFinding) {
        DatabaseVerification asked =
                start.verification() == null ? new DatabaseVerification(null, null) : start.verification();
        List<Finding> findings = new ArrayList<>();
        Consumer<Finding> record = f -> {
            LOG.infof("database %s: %s", database.name(), f.fact());
            findings.add(f);
            onFinding.accept(f);
        };
        List<String> notChecked = new ArrayList<>();
        if (asked.expectedColumns().isEmpty()) {
            notChecked.add("expected tables and columns not checked: the release lists none"
                    + " (verification.expectedColumns)");
        }
        if (asked.checks().isEmpty()) {
            notChecked.add("no release checks: the release lists none (verification.checks)");
        }
        try (Connection connection = open(database)) {
            ReadOnlySession session = new ReadOnlySession(connection, config.timeout());
            record.accept(schemaVersion(session, start.targetVersion()));
            if (!asked.expectedColumns().isEmpty()) {
                record.accept(tablesAndColumns(session, asked.expectedColumns()));
            }
            record.accept(referentialIntegrity(session));
            record.accept(checkConstraints(session));
            record.accept(indexes(session));
            for (DatabaseVerification.Check check : asked.checks()) {
                record.accept(releaseCheck(session, check));
            }
        } catch (SQLException | RuntimeException e) {
            // the connection could not be opened or set up, or broke; what was measured before stands
            record.accept(error(
                    "verification",
                    "database verification could not " + (findings.isEmpty() ? "start" : "go on") + ": "
                            + reason(e, null)));
        }
        return new Verification(findings, notChecked);
    }

    /**
     * The schema version is the release's last migration; or, when a release brings migrations an earlier release
     * already applied and later ones were applied since, that last migration is in the changelog behind them.
     */
    private Finding schemaVersion(ReadOnlySession session, String target) {
        try {
            String version = session.read(Versions::latest);
            boolean matches = version.equals(target);
            boolean behindLater = !matches && session.read(c -> Versions.applied(c, target));
            String fact = matches
                    ? SCHEMA_VERSION + " " + version + " = target " + target + " (the release's last migration)"
                    : behindLater
                            ? SCHEMA_VERSION + " " + version + ": target " + target
                                    + " (the release's last migration) is applied, and later migrations are too"
                            : SCHEMA_VERSION + " " + version + ", expected target " + target
                                    + " (the release's last migration), which is not applied";
            boolean passed = matches || behindLater;
            return new Finding(
                    SCHEMA_VERSION,
                    passed ? Finding.Verdict.PASSED : Finding.Verdict.FAILED,
                    fact,
                    List.of(measurement("schemaVersion", version, "version", passed)));
        } catch (SQLException e) {
            return error(SCHEMA_VERSION, SCHEMA_VERSION + " not read: " + reason(e, session));
        }
    }

    private Finding tablesAndColumns(ReadOnlySession session, Map<String, List<String>> expected) {
        try {
            List<String> missing = session.read(c -> {
                List<String> absent = new ArrayList<>();
                for (Map.Entry<String, List<String>> table : expected.entrySet()) {
                    int dot = table.getKey().indexOf('.');
                    String schema = dot < 0 ? null : table.getKey().substring(0, dot);
                    String name = table.getKey().substring(dot + 1);
                    if (!Catalog.tableExists(c, schema, name)) {
                        absent.add("table " + table.getKey());
                        continue;
                    }
                    Set<String> present = new HashSet<>(Catalog.columns(c, schema, name));
                    for (String column : table.getValue()) {
                        if (!present.contains(column)) {
                            absent.add("column " + table.getKey() + "." + column);
                        }
                    }
                }
                return absent;
            });
            int columns = expected.values().stream().mapToInt(List::size).sum();
            String expectedText = expected.size() + " table(s) and " + columns + " column(s) expected";
            return new Finding(
                    TABLES_AND_COLUMNS,
                    missing.isEmpty() ? Finding.Verdict.PASSED : Finding.Verdict.FAILED,
                    TABLES_AND_COLUMNS + ": " + expectedText
                            + (missing.isEmpty() ? ", all present" : ", missing: " + String.join(", ", missing)),
                    List.of(measurement(
                            "expectedColumns.missing", Integer.toString(missing.size()), "items", missing.isEmpty())));
        } catch (SQLException e) {
            return error(TABLES_AND_COLUMNS, TABLES_AND_COLUMNS + " not checked: " + reason(e, session));
        }
    }

    private Finding referentialIntegrity(ReadOnlySession session) {
        List<ForeignKey> keys;
        try {
            keys = session.read(Catalog::foreignKeys);
        } catch (SQLException e) {
            return error(REFERENTIAL_INTEGRITY, REFERENTIAL_INTEGRITY + " not checked: " + reason(e, session));
        }
        long orphans = 0;
        int notValid = 0;
        List<String> broken = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (ForeignKey key : keys) {
            if (!key.validated()) {
                notValid++;
            }
            if (!key.readable()) {
                unreadable.add(key.describe());
                continue;
            }
            try {
                long found = session.read(c -> Catalog.count(c, key.orphanQuery()));
                orphans += found;
                if (found > 0) {
                    broken.add(key.describe() + " has " + found + " orphan row(s)");
                }
            } catch (SQLException e) {
                return error(
                        REFERENTIAL_INTEGRITY,
                        REFERENTIAL_INTEGRITY + ": " + key.describe() + " not checked: " + reason(e, session)
                                + (broken.isEmpty() ? "" : "; " + String.join("; ", broken)));
            }
        }
        int checked = keys.size() - unreadable.size();
        String fact = REFERENTIAL_INTEGRITY + ": " + checked + " foreign key(s)"
                + (notValid == 0 ? "" : " (" + notValid + " NOT VALID)") + ", " + orphans + " orphan row(s)"
                + (broken.isEmpty() ? "" : ": " + String.join("; ", broken))
                + notReadable(unreadable, "foreign key(s)");
        return new Finding(
                REFERENTIAL_INTEGRITY,
                broken.isEmpty() ? Finding.Verdict.PASSED : Finding.Verdict.FAILED,
                fact,
                List.of(
                        measurement("foreignKeys", Integer.toString(checked), "constraints", true),
                        measurement("orphanRows", Long.toString(orphans), "rows", orphans == 0)));
    }

    private Finding checkConstraints(ReadOnlySession session) {
        Catalog.CheckConstraints checks;
        try {
            checks = session.read(Catalog::checkConstraints);
        } catch (SQLException e) {
            return error(CHECK_CONSTRAINTS, CHECK_CONSTRAINTS + " not checked: " + reason(e, session));
        }
        long violating = 0;
        List<String> violated = new ArrayList<>();
        for (CheckConstraint check : checks.notValid()) {
            try {
                long found = session.read(c -> Catalog.count(c, check.violationQuery()));
                violating += found;
                if (found > 0) {
                    violated.add(check.describe() + " is violated by " + found + " row(s)");
                }
            } catch (SQLException e) {
                return error(
                        CHECK_CONSTRAINTS,
                        CHECK_CONSTRAINTS + ": " + check.describe() + " not checked: " + reason(e, session)
                                + (violated.isEmpty() ? "" : "; " + String.join("; ", violated)));
            }
        }
        String fact = CHECK_CONSTRAINTS + ": " + checks.total() + ", "
                + (checks.notValid().isEmpty()
                        ? "none NOT VALID"
                        : checks.notValid().size() + " NOT VALID validated against the rows, " + violating
                                + " row(s) violate them")
                + (violated.isEmpty() ? "" : ": " + String.join("; ", violated))
                + notReadable(checks.unreadable(), "NOT VALID check constraint(s)");
        return new Finding(
                CHECK_CONSTRAINTS,
                violated.isEmpty() ? Finding.Verdict.PASSED : Finding.Verdict.FAILED,
                fact,
                List.of(
                        measurement(
                                "checkConstraints.notValid",
                                Integer.toString(checks.notValid().size()),
                                "constraints",
                                true),
                        measurement(
                                "checkConstraints.violatingRows", Long.toString(violating), "rows", violating == 0)));
    }

    private Finding indexes(ReadOnlySession session) {
        try {
            Catalog.Indexes indexes = session.read(Catalog::indexes);
            boolean allValid = indexes.invalid().isEmpty();
            return new Finding(
                    INDEXES,
                    allValid ? Finding.Verdict.PASSED : Finding.Verdict.FAILED,
                    INDEXES + ": " + indexes.valid() + " valid, "
                            + indexes.invalid().size() + " invalid"
                            + (allValid ? "" : ": " + String.join(", ", indexes.invalid())),
                    List.of(
                            measurement("indexes.valid", Integer.toString(indexes.valid()), "indexes", true),
                            measurement(
                                    "indexes.invalid",
                                    Integer.toString(indexes.invalid().size()),
                                    "indexes",
                                    allValid)));
        } catch (SQLException e) {
            return error(INDEXES, INDEXES + " not checked: " + reason(e, session));
        }
    }

    /** The release's own check: its rows are counted by the server, never fetched, since they may hold personal data. */
    private Finding releaseCheck(ReadOnlySession session, DatabaseVerification.Check check) {
        String item = "check " + check.name();
        if (!check.isOneQuery()) {
            return error(item, item + " not run: its sql must be one query without ';' inside it");
        }
        try {
            long rows = session.read(c -> Catalog.count(c, ReleaseChecks.counting(check)));
            return new Finding(
                    item,
                    rows == 0 ? Finding.Verdict.PASSED : Finding.Verdict.FAILED,
                    item + ": " + rows + " row(s)" + (rows == 0 ? "" : ", expected none"),
                    List.of(measurement("check." + check.name(), Long.toString(rows), "rows", rows == 0)));
        } catch (SQLException e) {
            return error(item, item + " could not run: " + reason(e, session));
        }
    }

    private Finding error(String item, String fact) {
        return new Finding(
                item,
                Finding.Verdict.ERROR,
                fact,
                List.of(new Measurement(item, "", "", Measurement.Status.ERROR, clock.instant())));
    }

    private Measurement measurement(String name, String value, String unit, boolean passed) {
        return new Measurement(
                name, value, unit, passed ? Measurement.Status.SUCCESSFUL : Measurement.Status.FAILED, clock.instant());
    }

    private static String notReadable(List<String> unreadable, String what) {
        return unreadable.isEmpty()
                ? ""
                : "; " + unreadable.size() + " " + what + " not checked, the migrator may not read their tables: "
                        + String.join(", ", unreadable);
    }

    /** A database error by its SQLSTATE only, since the server's message may quote row values. */
    private String reason(Exception e, ReadOnlySession session) {
        String state = DatabaseError.sqlState(e).orElse(null);
        if (session != null
                && (ReadOnlySession.QUERY_CANCELED.equals(state) || ReadOnlySession.LOCK_NOT_AVAILABLE.equals(state))) {
            return "the verification's timeout of " + session.timeout().toSeconds() + "s passed";
        }
        return DatabaseError.summary(e)
                .orElseGet(() -> redactor.redact(String.valueOf(e.getMessage())
                        .lines()
                        .findFirst()
                        .orElse("")
                        .trim()));
    }

    private Connection open(TargetDatabase target) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", target.username());
        properties.setProperty("password", target.password());
        properties.setProperty("ApplicationName", "runway-migrator-verification");
        // drivers from this class loader: DriverManager may hold one registered by another class loader
        for (Driver driver : ServiceLoader.load(Driver.class, getClass().getClassLoader())) {
            if (driver.acceptsURL(target.jdbcUrl())) {
                Connection connection = driver.connect(target.jdbcUrl(), properties);
                if (connection != null) {
                    return connection;
                }
            }
        }
        throw new SQLException("no JDBC driver accepts the URL of database " + target.name());
    }
}
