package dev.runway.coordinator.release;

import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import dev.runway.model.spec.ConfigurationChange;
import dev.runway.model.spec.GuardPolicy;
import dev.runway.model.spec.Migration;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.SmokeCheck;
import dev.runway.model.spec.Thresholds;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]{1,253}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private final List<Violation> violations = new ArrayList<>();

    private ReleaseSpecValidator() {}

    public static List<Violation> validate(ReleaseSpec spec) {
        ReleaseSpecValidator v = new ReleaseSpecValidator();
        v.check(spec);
        return List.copyOf(v.violations);
    }

    private void check(ReleaseSpec spec) {
        matches("application", spec.application(), DNS_LABEL, "a DNS label: lower-case letters, digits and '-'");
        matches("environment", spec.environment(), DNS_LABEL, "a DNS label: lower-case letters, digits and '-'");
        matches("version", spec.version(), VERSION, "letters, digits, '.', '_', '+' or '-'");

        if (present("image", spec.image())) {
            if (spec.image().repository() != null) {
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
    }

    private void migrations(List<Migration> migrations) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < migrations.size(); i++) {
            String at = "migrations[" + i + "]";
            Migration m = migrations.get(i);
            if (!present(at, m)) {
                continue;
            }
            if (matches(at + ".id", m.id(), MIGRATION_ID, "letters, digits, '.', '_' or '-'") && !ids.add(m.id())) {
                add(at + ".id", "'" + m.id() + "' appears twice");
            }
            required(at + ".sql", m.sql());
            required(at + ".rollbackSql", m.rollbackSql());
        }
    }

    private void configuration(ConfigurationChange configuration) {
        if (configuration.data().isEmpty()) {
            add("configuration.data", "must hold at least one entry; leave out 'configuration' when nothing changes");
        }
        for (Map.Entry<String, String> entry : configuration.data().entrySet()) {
            if (!CONFIG_KEY.matcher(entry.getKey()).matches()) {
                add("configuration.data." + entry.getKey(), "is not a valid ConfigMap key");
            }
            if (entry.getValue() == null) {
                add("configuration.data." + entry.getKey(), "must not be null");
            }
        }
    }

    private void smokeChecks(List<SmokeCheck> checks) {
        if (checks.isEmpty()) {
            add("smokeChecks", "must list at least one check: the runbook's Phase 7 cannot be skipped");
        }
        for (int i = 0; i < checks.size(); i++) {
            String at = "smokeChecks[" + i + "]";
            SmokeCheck check = checks.get(i);
            if (!present(at, check)) {
                continue;
            }
            required(at + ".name", check.name());
            if (required(at + ".path", check.path())) {
                path(at + ".path", check.path());
            }
            if (check.expectedStatus() < 100 || check.expectedStatus() > 599) {
                add(at + ".expectedStatus", "must be an HTTP status between 100 and 599");
            }
        }
    }

    private void thresholds(Thresholds t) {
        range("thresholds.maxDurationMinutes", t.maxDurationMinutes(), 1, 1440);
        range("thresholds.rolloutTimeoutSeconds", t.rolloutTimeoutSeconds(), 1, 86_400);
        range("thresholds.migrationTimeoutSeconds", t.migrationTimeoutSeconds(), 1, 86_400);
        range("thresholds.smokePassRatePercent", t.smokePassRatePercent(), 1, 100);
        range("thresholds.maxResponseTimeMillis", t.maxResponseTimeMillis(), 1, 600_000);
    }

    /**
     * A spec may tighten any rule and add rules, but may not loosen one of the runbook's "IMMEDIATE ROLLBACK" rules:
     * no higher threshold, longer window or interval, other metric or lower severity.
     */
    private void guards(GuardPolicy guards) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < guards.rules().size(); i++) {
            String at = "guards.rules[" + i + "]";
            GuardRule rule = guards.rules().get(i);
            if (!present(at, rule)) {
                continue;
            }
            if (matches(at + ".name", rule.name(), NAME, "letters, digits, '.', '_' or '-'")
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
