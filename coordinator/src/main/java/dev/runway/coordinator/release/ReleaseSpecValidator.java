package dev.runway.coordinator.release;

import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import dev.runway.model.spec.ConfigurationChange;
import dev.runway.model.spec.DatabaseVerification;
import dev.runway.model.spec.GuardPolicy;
import dev.runway.model.spec.JsonPath;
import dev.runway.model.spec.LatencyThresholds;
import dev.runway.model.spec.Migration;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.SmokeCheck;
import dev.runway.model.spec.Thresholds;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a parsed release spec before anything is stored. Pure: returns every violation at once,
 * so a release lead fixes a spec in one round.
 */
public final class ReleaseSpecValidator {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._:/-][a-z0-9]+)*");
    private static final Pattern MIGRATION_ID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    /** What takes away from a schema the previous application version may still read or write. */
    private static final Pattern CONTRACTING =
            Pattern.compile("\\b(DROP|RENAME|TRUNCATE|SET\\s+NOT\\s+NULL)\\b", Pattern.CASE_INSENSITIVE);

    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
    /** RFC 9110's token: what a header name may be. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Visible characters, spaces and tabs: no CR or LF that could start another header. */
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\t\\x20-\\x7E\\x{80}-\\x{10FFFF}]*");

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    /** Methods that send no body, and whose repetition changes nothing: the only ones a latency series repeats. */
    private static final Set<String> READS = Set.of("GET", "HEAD");
    /** Headers that carry a credential: a spec names a credential the validator holds instead. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");
    /** Headers the HTTP client sets itself; {@code Host} would also aim the request at another site. */
    private static final Set<String> CLIENT_HEADERS = Set.of(
            "host",
            "connection",
            "content-length",
            "expect",
            "upgrade",
            "transfer-encoding",
            "te",
            "trailer",
            "keep-alive");

    /**
     * The most a release spec may hold: every string field, list and map has a maximum, and so has the whole body
     * ({@link #MAX_BODY_BYTES}, checked before it is parsed). The README's "Release spec limits" table lists them.
     */
    public static final class Limits {

        /** The whole request body, in UTF-8 bytes: 256 KiB. */
        public static final int MAX_BODY_BYTES = 256 * 1024;

        public static final int APPLICATION = 63;
        public static final int ENVIRONMENT = 63;
        public static final int VERSION = 128;
        public static final int IMAGE_REPOSITORY = 255;
        public static final int MIGRATIONS = 100;
        public static final int MIGRATION_ID = 128;
        public static final int MIGRATION_DESCRIPTION = 1_024;
        /** One migration's {@code sql} or {@code rollbackSql}, in characters: 64 Ki. */
        public static final int MIGRATION_SQL = 64 * 1024;

        public static final int CONFIGURATION_ENTRIES = 100;
        public static final int CONFIGURATION_KEY = 253;
        /** One configuration value, in characters: 64 Ki. */
        public static final int CONFIGURATION_VALUE = 64 * 1024;

        public static final int SMOKE_CHECKS = 50;
        public static final int SMOKE_CHECK_NAME = 128;
        public static final int SMOKE_CHECK_PATH = 2_048;
        public static final int SMOKE_CHECK_BODY_CONTAINS = 1_024;
        public static final int SMOKE_CHECK_HEADERS = 20;
        public static final int SMOKE_CHECK_HEADER_NAME = 256;
        public static final int SMOKE_CHECK_HEADER_VALUE = 4_096;
        /** A smoke check's request body, in characters: 16 Ki. */
        public static final int SMOKE_CHECK_BODY = 16 * 1024;

        public static final int SMOKE_CHECK_CREDENTIAL = 128;
        public static final int SMOKE_CHECK_JSON_PATH = 256;
        public static final int SMOKE_CHECK_JSON_EQUALS = 1_024;
        /** Requests in one latency series; the runbook's Step 7.3 sends 10. */
        public static final int LATENCY_SERIES_REQUESTS = 100;

        /** Tables in {@code verification.expectedColumns}. */
        public static final int VERIFICATION_TABLES = 100;
        /** A table's name, {@code schema.table}: two PostgreSQL identifiers of 63 bytes and a dot. */
        public static final int VERIFICATION_TABLE = 127;
        /** Columns expected of one table. */
        public static final int VERIFICATION_COLUMNS = 200;

        public static final int VERIFICATION_COLUMN = 63;
        public static final int VERIFICATION_CHECKS = 50;
        public static final int VERIFICATION_CHECK_NAME = 128;
        /** One check's query, in characters: 16 Ki. */
        public static final int VERIFICATION_CHECK_SQL = 16 * 1024;

        public static final int GUARD_RULES = 20;
        public static final int GUARD_RULE_NAME = 128;

        private Limits() {}
    }

    private final List<Violation> violations = new ArrayList<>();

    private ReleaseSpecValidator() {}

    /** A violation when {@code body} is over {@link Limits#MAX_BODY_BYTES}; checked before the body is parsed. */
    public static Optional<Violation> bodyTooLarge(String body) {
        if (body == null) {
            return Optional.empty();
        }
        long bytes = body.getBytes(StandardCharsets.UTF_8).length;
        if (bytes <= Limits.MAX_BODY_BYTES) {
            return Optional.empty();
        }
        String message = String.format(
                "is %d bytes; a release spec may be at most %d bytes (256 KiB)", bytes, Limits.MAX_BODY_BYTES);
        return Optional.of(new Violation("$", message));
    }

    public static List<Violation> validate(ReleaseSpec spec) {
        ReleaseSpecValidator v = new ReleaseSpecValidator();
        v.check(spec);
        return List.copyOf(v.violations);
    }

    private void check(ReleaseSpec spec) {
        if (atMost("application", spec.application(), Limits.APPLICATION)) {
            matches("application", spec.application(), DNS_LABEL, "a DNS label: lower-case letters, digits and '-'");
        }
        if (atMost("environment", spec.environment(), Limits.ENVIRONMENT)) {
            matches("environment", spec.environment(), DNS_LABEL, "a DNS label: lower-case letters, digits and '-'");
        }
        if (atMost("version", spec.version(), Limits.VERSION)) {
            matches("version", spec.version(), VERSION, "letters, digits, '.', '_', '+' or '-'");
        }

        if (present("image", spec.image())) {
            if (spec.image().repository() != null
                    && atMost("image.repository", spec.image().repository(), Limits.IMAGE_REPOSITORY)) {
                matches(
                        "image.repository",
                        spec.image().repository(),
                        REPOSITORY,
                        "an image repository such as registry.example.com/shop, or left out for the configured one");
            }
            matches("image.digest", spec.image().digest(), DIGEST, "'sha256:' followed by 64 lower-case hex digits");
        }
        migrations(spec.migrations());
        if (spec.configuration() != null) {
            configuration(spec.configuration());
        }
        smokeChecks(spec.smokeChecks());
        if (spec.thresholds() != null) {
            thresholds(spec.thresholds());
        }
        if (spec.guards() != null) {
            guards(spec.guards());
        }
        if (spec.verification() != null) {
            verification(spec.verification(), spec.hasMigrations());
        }
    }

    /** Steps 2.4 and 2.5 of the release: only with migrations, since Phase 2 is skipped without them. */
    private void verification(DatabaseVerification verification, boolean withMigrations) {
        if (!withMigrations) {
            add(
                    "verification",
                    "must be left out without migrations: Phase 2, which verifies the database after them, is"
                            + " skipped, so nothing would run it");
        }
        if (atMost(
                "verification.expectedColumns",
                verification.expectedColumns().entrySet(),
                Limits.VERIFICATION_TABLES)) {
            for (Map.Entry<String, List<String>> table :
                    verification.expectedColumns().entrySet()) {
                expectedColumns(table.getKey(), table.getValue());
            }
        }
        if (!atMost("verification.checks", verification.checks(), Limits.VERIFICATION_CHECKS)) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < verification.checks().size(); i++) {
            String at = "verification.checks[" + i + "]";
            DatabaseVerification.Check check = verification.checks().get(i);
            if (!present(at, check)) {
                continue;
            }
            if (atMost(at + ".name", check.name(), Limits.VERIFICATION_CHECK_NAME)
                    && matches(at + ".name", check.name(), NAME, "letters, digits, '.', '_' or '-'")
                    && !names.add(check.name())) {
                add(at + ".name", "'" + check.name() + "' appears twice");
            }
            if (atMost(at + ".sql", check.sql(), Limits.VERIFICATION_CHECK_SQL)
                    && required(at + ".sql", check.sql())
                    && !check.isOneQuery()) {
                add(
                        at + ".sql",
                        "must be one query without ';' inside it (a trailing one is allowed; write chr(59) for the"
                                + " character): it runs in a read-only transaction that a second statement could leave");
            }
        }
    }

    private void expectedColumns(String table, List<String> columns) {
        String at = "verification.expectedColumns";
        if (table.length() > Limits.VERIFICATION_TABLE) {
            add(at, "has a table name of " + table.length() + " characters; at most " + Limits.VERIFICATION_TABLE);
            return;
        }
        String[] parts = table.split("\\.", -1);
        if (table.isBlank() || parts.length > 2 || Arrays.stream(parts).anyMatch(String::isBlank)) {
            add(at, "has a table name '" + table + "' that is neither 'table' nor 'schema.table'");
            return;
        }
        at = at + "." + table;
        if (columns == null) {
            add(at, "must list the table's expected columns, or be [] to expect only the table");
            return;
        }
        if (!atMost(at, columns, Limits.VERIFICATION_COLUMNS)) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String column : columns) {
            if (column == null || column.isBlank()) {
                add(at, "lists an empty column name");
            } else if (column.length() > Limits.VERIFICATION_COLUMN) {
                add(
                        at,
                        "lists a column name of " + column.length() + " characters; at most "
                                + Limits.VERIFICATION_COLUMN);
            } else if (!seen.add(column)) {
                add(at, "lists '" + column + "' twice");
            }
        }
    }

    private void migrations(List<Migration> migrations) {
        Set<String> ids = new HashSet<>();
        if (!atMost("migrations", migrations, Limits.MIGRATIONS)) {
            return;
        }
        for (int i = 0; i < migrations.size(); i++) {
            String at = "migrations[" + i + "]";
            Migration m = migrations.get(i);
            if (!present(at, m)) {
                continue;
            }
            if (atMost(at + ".id", m.id(), Limits.MIGRATION_ID)
                    && matches(at + ".id", m.id(), MIGRATION_ID, "letters, digits, '.', '_' or '-'")
                    && !ids.add(m.id())) {
                add(at + ".id", "'" + m.id() + "' appears twice");
            }
            atMost(at + ".description", m.description(), Limits.MIGRATION_DESCRIPTION);
            if (atMost(at + ".sql", m.sql(), Limits.MIGRATION_SQL)) {
                required(at + ".sql", m.sql());
            }
            // left out, the migration is rolled back from the backup taken before migrating (runbook Step R3)
            if (atMost(at + ".rollbackSql", m.rollbackSql(), Limits.MIGRATION_SQL)
                    && m.rollbackSql() != null
                    && m.rollbackSql().isBlank()) {
                add(at + ".rollbackSql", "is blank; leave it out when the migration cannot be undone by SQL");
            }
            if (m.expandOnly() && m.sql() != null) {
                Matcher contracting = CONTRACTING.matcher(m.sql());
                if (contracting.find()) {
                    add(
                            at + ".backwardCompatible",
                            "is true, but the sql says " + contracting.group().toUpperCase(Locale.ROOT)
                                    + ": an expand-only migration only adds, so the previous version runs on its schema");
                }
            }
            if (m.lockTimeoutSeconds() != null && m.lockTimeoutSeconds() < 0) {
                add(at + ".lockTimeoutSeconds", "must be 0 (no limit) or more seconds");
            }
            if (m.statementTimeoutSeconds() != null && m.statementTimeoutSeconds() < 0) {
                add(at + ".statementTimeoutSeconds", "must be 0 (no limit) or more seconds");
            }
        }
    }

    private void configuration(ConfigurationChange configuration) {
        if (configuration.data().isEmpty()) {
            add("configuration.data", "must hold at least one entry; leave out 'configuration' when nothing changes");
        }
        if (!atMost("configuration.data", configuration.data().entrySet(), Limits.CONFIGURATION_ENTRIES)) {
            return;
        }
        for (Map.Entry<String, String> entry : configuration.data().entrySet()) {
            if (entry.getKey().length() > Limits.CONFIGURATION_KEY) {
                // a key that long is not repeated in the field name
                add(
                        "configuration.data",
                        "has a key of " + entry.getKey().length() + " characters; at most " + Limits.CONFIGURATION_KEY);
                continue;
            }
            if (!CONFIG_KEY.matcher(entry.getKey()).matches()) {
                add("configuration.data." + entry.getKey(), "is not a valid ConfigMap key");
            }
            if (entry.getValue() == null) {
                add("configuration.data." + entry.getKey(), "must not be null");
            } else {
                atMost("configuration.data." + entry.getKey(), entry.getValue(), Limits.CONFIGURATION_VALUE);
            }
        }
    }

    private void smokeChecks(List<SmokeCheck> checks) {
        if (checks.isEmpty()) {
            add("smokeChecks", "must list at least one check: the runbook's Phase 7 cannot be skipped");
        }
        if (!atMost("smokeChecks", checks, Limits.SMOKE_CHECKS)) {
            return;
        }
        for (int i = 0; i < checks.size(); i++) {
            String at = "smokeChecks[" + i + "]";
            SmokeCheck check = checks.get(i);
            if (!present(at, check)) {
                continue;
            }
            if (atMost(at + ".name", check.name(), Limits.SMOKE_CHECK_NAME)) {
                required(at + ".name", check.name());
            }
            atMost(at + ".bodyContains", check.bodyContains(), Limits.SMOKE_CHECK_BODY_CONTAINS);
            if (atMost(at + ".path", check.path(), Limits.SMOKE_CHECK_PATH) && required(at + ".path", check.path())) {
                path(at + ".path", check.path());
            }
            if (check.expectedStatus() < 100 || check.expectedStatus() > 599) {
                add(at + ".expectedStatus", "must be an HTTP status between 100 and 599");
            }
            request(at, check);
        }
    }

    /** What a smoke check sends besides a GET of its path, and what it expects beyond status and body text. */
    private void request(String at, SmokeCheck check) {
        if (check.method() != null && !METHODS.contains(check.method())) {
            add(at + ".method", "must be GET, HEAD, POST, PUT, PATCH or DELETE");
            return;
        }
        boolean read = READS.contains(check.methodOrGet());
        boolean head = check.methodOrGet().equals("HEAD");
        headers(at + ".headers", check.headers());
        if (atMost(at + ".body", check.body(), Limits.SMOKE_CHECK_BODY) && check.body() != null && read) {
            add(at + ".body", "must be left out: a " + check.methodOrGet() + " sends no body");
        }
        if (check.credential() != null
                && atMost(at + ".credential", check.credential(), Limits.SMOKE_CHECK_CREDENTIAL)) {
            matches(
                    at + ".credential",
                    check.credential(),
                    NAME,
                    "the name of a credential the validator holds for the environment: letters, digits, '.', '_' or"
                            + " '-'");
        }
        if (head && check.bodyContains() != null) {
            add(at + ".bodyContains", "must be left out: a HEAD is answered without a body");
        }
        jsonExpectation(at, check, head);
        if (check.latency() != null) {
            if (!read) {
                add(
                        at + ".latency",
                        "is only for GET or HEAD: a latency series repeats its request, and repeating a "
                                + check.methodOrGet() + " would change production");
            }
            if (check.latency().requests() != null) {
                range(at + ".latency.requests", check.latency().requests(), 1, Limits.LATENCY_SERIES_REQUESTS);
            }
        }
    }

    private void headers(String field, Map<String, String> headers) {
        if (!atMost(field, headers.entrySet(), Limits.SMOKE_CHECK_HEADERS)) {
            return;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name.length() > Limits.SMOKE_CHECK_HEADER_NAME) {
                add(field, "has a name of " + name.length() + " characters; at most " + Limits.SMOKE_CHECK_HEADER_NAME);
                continue;
            }
            if (!HEADER_NAME.matcher(name).matches()) {
                add(field, "has a name that is not an HTTP header name: letters, digits and !#$%&'*+.^_`|~-");
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            String at = field + "." + name;
            if (CREDENTIAL_HEADERS.contains(lower)) {
                add(
                        at,
                        "is not accepted: a credential never travels in a spec; name one the validator holds in"
                                + " 'credential'");
            } else if (CLIENT_HEADERS.contains(lower)) {
                add(
                        at,
                        "is not accepted: the HTTP client sets it, and the application's address is configured on"
                                + " the server");
            } else if (header.getValue() == null) {
                add(at, "must not be null");
            } else if (atMost(at, header.getValue(), Limits.SMOKE_CHECK_HEADER_VALUE)
                    && !HEADER_VALUE.matcher(header.getValue()).matches()) {
                add(at, "must be one line of visible characters, spaces or tabs");
            }
        }
    }

    private void jsonExpectation(String at, SmokeCheck check, boolean head) {
        boolean pathWithinLimit = atMost(at + ".jsonPath", check.jsonPath(), Limits.SMOKE_CHECK_JSON_PATH);
        atMost(at + ".jsonEquals", check.jsonEquals(), Limits.SMOKE_CHECK_JSON_EQUALS);
        if (check.jsonPath() == null) {
            if (check.jsonEquals() != null) {
                add(at + ".jsonPath", "is required with 'jsonEquals': it says where the value is");
            }
            return;
        }
        if (head) {
            add(at + ".jsonPath", "must be left out: a HEAD is answered without a body");
            return;
        }
        if (check.jsonEquals() == null) {
            add(at + ".jsonEquals", "is required with 'jsonPath': the value expected there");
        }
        if (pathWithinLimit) {
            try {
                JsonPath.parse(check.jsonPath());
            } catch (IllegalArgumentException e) {
                add(
                        at + ".jsonPath",
                        "must be a path such as $.items[0].id ($, then .name, ['name'] or [index]): " + e.getMessage());
            }
        }
    }

    private void thresholds(Thresholds t) {
        range("thresholds.maxDurationMinutes", t.maxDurationMinutes(), 1, 1440);
        range("thresholds.rolloutTimeoutSeconds", t.rolloutTimeoutSeconds(), 1, 86_400);
        range("thresholds.migrationTimeoutSeconds", t.migrationTimeoutSeconds(), 1, 86_400);
        range("thresholds.smokePassRatePercent", t.smokePassRatePercent(), 1, 100);
        range("thresholds.maxResponseTimeMillis", t.maxResponseTimeMillis(), 1, 600_000);
        if (t.latency() != null) {
            LatencyThresholds l = t.latency();
            if (l.requests() != null) {
                range("thresholds.latency.requests", l.requests(), 1, Limits.LATENCY_SERIES_REQUESTS);
            }
            optionalRange("thresholds.latency.minMillis", l.minMillis());
            optionalRange("thresholds.latency.avgMillis", l.avgMillis());
            optionalRange("thresholds.latency.p95Millis", l.p95Millis());
            optionalRange("thresholds.latency.p99Millis", l.p99Millis());
        }
    }

    private void optionalRange(String field, Long millis) {
        if (millis != null) {
            range(field, millis, 1, 600_000);
        }
    }

    /**
     * A spec may tighten any rule and add rules, but may not loosen one of the runbook's "IMMEDIATE ROLLBACK" rules:
     * no higher threshold, longer window or interval, other metric or lower severity.
     */
    private void guards(GuardPolicy guards) {
        Set<String> names = new HashSet<>();
        if (!atMost("guards.rules", guards.rules(), Limits.GUARD_RULES)) {
            return;
        }
        for (int i = 0; i < guards.rules().size(); i++) {
            String at = "guards.rules[" + i + "]";
            GuardRule rule = guards.rules().get(i);
            if (!present(at, rule)) {
                continue;
            }
            if (atMost(at + ".name", rule.name(), Limits.GUARD_RULE_NAME)
                    && matches(at + ".name", rule.name(), NAME, "letters, digits, '.', '_' or '-'")
                    && !names.add(rule.name())) {
                add(at + ".name", "'" + rule.name() + "' appears twice");
            }
            present(at + ".metric", rule.metric());
            present(at + ".severity", rule.severity());
            present(at + ".trigger", rule.trigger());
            if (!(rule.threshold() >= 0) || Double.isInfinite(rule.threshold())) {
                add(at + ".threshold", "must be a number of at least 0");
            }
            range(at + ".windowSeconds", rule.windowSeconds(), 0, 3600);
            range(at + ".intervalSeconds", rule.intervalSeconds(), 1, 60);
            GuardRule.RUNBOOK_DEFAULTS.stream()
                    .filter(d -> d.name().equals(rule.name()) && d.severity() == Severity.IMMEDIATE)
                    .findFirst()
                    .ifPresent(d -> notLooser(at, rule, d));
        }
        if (guards.decisionTimeoutSeconds() != null) {
            range("guards.decisionTimeoutSeconds", guards.decisionTimeoutSeconds(), 1, 86_400);
        }
        if (guards.observationSeconds() != null) {
            range("guards.observationSeconds", guards.observationSeconds(), 1, 3_600);
        }
        if (guards.hypercareSeconds() != null) {
            range("guards.hypercareSeconds", guards.hypercareSeconds(), 0, 86_400);
        }
    }

    private void notLooser(String at, GuardRule rule, GuardRule immediate) {
        String why = " (the runbook's IMMEDIATE rule " + immediate.name() + " may only be tightened)";
        if (rule.metric() != null && rule.metric() != immediate.metric()) {
            add(at + ".metric", "must stay " + immediate.metric() + why);
        }
        if (rule.severity() != null && rule.severity() != Severity.IMMEDIATE) {
            add(at + ".severity", "must stay IMMEDIATE" + why);
        }
        if (rule.threshold() > immediate.threshold()) {
            add(at + ".threshold", "must be at most " + immediate.threshold() + why);
        }
        if (rule.windowSeconds() > immediate.windowSeconds()) {
            add(at + ".windowSeconds", "must be at most " + immediate.windowSeconds() + why);
        }
        if (rule.intervalSeconds() > immediate.intervalSeconds()) {
            add(at + ".intervalSeconds", "must be at most " + immediate.intervalSeconds() + why);
        }
    }

    /**
     * A smoke check is a path on the application's configured service URL; a scheme or host would aim the validator
     * elsewhere, and {@code //host} is a host in disguise.
     */
    private void path(String field, String value) {
        String expectation = "a path such as /api/v1/products, without scheme or host: the application's address is"
                + " configured on the server per application and environment";
        if (!value.startsWith("/") || value.startsWith("//") || value.contains("\\")) {
            add(field, "must be " + expectation);
            return;
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null || uri.getRawAuthority() != null) {
                add(field, "must be " + expectation);
            }
        } catch (URISyntaxException e) {
            add(field, "must be " + expectation);
        }
    }

    /** True when {@code value} is absent or within {@code max} characters; the message names the limit. */
    private boolean atMost(String field, String value, int max) {
        if (value != null && value.length() > max) {
            add(field, "is " + value.length() + " characters long; at most " + max);
            return false;
        }
        return true;
    }

    /** True when {@code values} holds at most {@code max}; past that its entries are not checked one by one. */
    private boolean atMost(String field, Collection<?> values, int max) {
        if (values.size() > max) {
            add(field, "has " + values.size() + " entries; at most " + max);
            return false;
        }
        return true;
    }

    private void range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            add(field, "must be between " + min + " and " + max);
        }
    }

    private boolean matches(String field, String value, Pattern pattern, String expectation) {
        if (!required(field, value)) {
            return false;
        }
        if (!pattern.matcher(value).matches()) {
            add(field, "must be " + expectation);
            return false;
        }
        return true;
    }

    private boolean required(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
            return false;
        }
        return true;
    }

    private boolean present(String field, Object value) {
        if (value == null) {
            add(field, "is required");
            return false;
        }
        return true;
    }

    private void add(String field, String message) {
        violations.add(new Violation(field, message));
    }
}
