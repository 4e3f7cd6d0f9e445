package dev.runway.coordinator.release;

import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import dev.runway.model.spec.CacheTarget;
import dev.runway.model.spec.ConfigurationChange;
import dev.runway.model.spec.DatabaseChange;
import dev.runway.model.spec.GuardPolicy;
import dev.runway.model.spec.Migration;
import dev.runway.model.spec.ReleaseSpec;
import dev.runway.model.spec.SmokeCheck;
import dev.runway.model.spec.Thresholds;
import java.net.URI;
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
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+([._:/-][a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
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
            matches(
                    "image.repository",
                    spec.image().repository(),
                    REPOSITORY,
                    "an image repository such as registry.example.com/shop");
            matches("image.tag", spec.image().tag(), TAG, "an image tag");
            matches("image.digest", spec.image().digest(), DIGEST, "'sha256:' followed by 64 lower-case hex digits");
        }
        if (present("kubernetes", spec.kubernetes())) {
            matches("kubernetes.namespace", spec.kubernetes().namespace(), DNS_LABEL, "a Kubernetes namespace name");
            matches("kubernetes.deployment", spec.kubernetes().deployment(), DNS_SUBDOMAIN, "a Kubernetes object name");
            matches("kubernetes.container", spec.kubernetes().container(), DNS_LABEL, "a container name");
        }
        if (present("service", spec.service())) {
            httpUrl("service.baseUrl", spec.service().baseUrl());
        }
        if (spec.database() != null) {
            database(spec.database());
        }
        if (spec.configuration() != null) {
            configuration(spec.configuration());
        }
        caches(spec.caches());
        smokeChecks(spec.smokeChecks());
        if (spec.thresholds() != null) {
            thresholds(spec.thresholds());
        }
        if (spec.guards() != null) {
            guards(spec.guards());
        }
        if (spec.notifications() != null) {
            matches(
                    "notifications.chatChannel",
                    spec.notifications().chatChannel(),
                    NAME,
                    "a channel name from the notifier's configuration");
            matches(
                    "notifications.pagerDutyService",
                    spec.notifications().pagerDutyService(),
                    NAME,
                    "a service name from the notifier's configuration");
        }
    }

    private void database(DatabaseChange database) {
        matches("database.database", database.database(), NAME, "a database name from the migrator's configuration");
        if (database.migrations().isEmpty()) {
            add("database.migrations", "must list at least one migration; leave out 'database' when there are none");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < database.migrations().size(); i++) {
            String at = "database.migrations[" + i + "]";
            Migration m = database.migrations().get(i);
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
        matches("configuration.configMap", configuration.configMap(), DNS_SUBDOMAIN, "a ConfigMap name");
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

    private void caches(List<CacheTarget> caches) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < caches.size(); i++) {
            String at = "caches[" + i + "]";
            CacheTarget cache = caches.get(i);
            if (!present(at, cache)) {
                continue;
            }
            present(at + ".type", cache.type());
            if (matches(at + ".name", cache.name(), NAME, "a cache name from the rollout-agent's configuration")
                    && !names.add(cache.name())) {
                add(at + ".name", "'" + cache.name() + "' appears twice");
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
            if (required(at + ".path", check.path()) && !check.path().startsWith("/")) {
                add(at + ".path", "must start with '/'");
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

    private void httpUrl(String field, String value) {
        if (!required(field, value)) {
            return;
        }
        try {
            URI uri = URI.create(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                add(field, "must be an absolute http or https URL");
            }
        } catch (IllegalArgumentException e) {
            add(field, "must be an absolute http or https URL");
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
