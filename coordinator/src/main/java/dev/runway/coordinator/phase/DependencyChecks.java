package dev.runway.coordinator.phase;

import dev.runway.coordinator.phase.Runbook.Context;
import dev.runway.model.command.RunChecks.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's items about what surrounds the application: the database's health (pre-flight's {@code SELECT 1},
 * connections, slow queries and disk headroom; Phase 9's Step 9.2 against the pre-flight baseline) and open PagerDuty
 * incidents (pre-flight's "no active incidents"), and Step 8.3's test alert through PagerDuty. Each item is a check when its targets are configured, and otherwise
 * a sentence saying why it was not checked.
 */
final class DependencyChecks {

    /** The checks to send, and what is left out with why. */
    record Planned(List<Check> checks, List<String> notChecked) {}

    private DependencyChecks() {}

    static Planned preFlight(Context c) {
        List<Check> checks = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        String database = c.targets().database();
        Optional<ReleaseTargets.DatabaseLimits> limits = limits(c);
        if (database == null || limits.isEmpty()) {
            notChecked.add("database reachable, connections, slow queries and size not checked: " + noDatabase(c));
        } else {
            ReleaseTargets.DatabaseLimits l = limits.get();
            checks.add(Check.databaseReachable("database", database));
            checks.add(Check.databaseConnections("database-connections", database, l.maxConnectionsPercent()));
            checks.add(Check.databaseSlowQueries("slow-queries", database, l.slowQuerySeconds(), null));
            if (l.maxSizeBytes() != null) {
                checks.add(Check.databaseSize("database-size", database, l.maxSizeBytes()));
            } else {
                notChecked.add("database size not checked: no database-health.max-size configured for " + where(c));
            }
        }
        Optional<String> service = pagerDutyService(c);
        if (service.isPresent()) {
            checks.add(Check.openIncidents("open-incidents", service.get()));
        } else {
            notChecked.add("open PagerDuty incidents not checked: no pagerduty-service-id configured for " + where(c));
        }
        return new Planned(checks, notChecked);
    }

    /** Step 8.3: a test alert to the application's PagerDuty service, which the validator resolves again. */
    static Planned monitoring(Context c) {
        Optional<String> service = pagerDutyService(c);
        return service.isPresent()
                ? new Planned(List.of(Check.alertDelivery("test-alert", service.get())), List.of())
                : new Planned(
                        List.of(),
                        List.of("PagerDuty test alert not sent: no pagerduty-service-id configured for " + where(c)));
    }

    /**
     * Step 9.2: the database's connections within the pre-flight baseline and its tolerance, and no slow query started
     * since pre-flight looked.
     */
    static Planned postDeployment(Context c) {
        List<Check> checks = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        String database = c.targets().database();
        Optional<ReleaseTargets.DatabaseLimits> limits = limits(c);
        if (database == null || limits.isEmpty()) {
            notChecked.add("database connections and new slow queries not checked: " + noDatabase(c));
            return new Planned(checks, notChecked);
        }
        ReleaseTargets.DatabaseLimits l = limits.get();
        Optional<Facts.DatabaseBaseline> baseline = c.facts().databaseBaseline();
        if (baseline.isPresent()) {
            checks.add(Check.databaseConnectionsWithin(
                    "database-connections",
                    database,
                    baseline.get().connections(),
                    l.connectionsTolerancePercent(),
                    l.connectionsToleranceMinimum()));
        } else {
            notChecked.add("database connections not checked against a baseline: pre-flight measured none");
        }
        // without pre-flight's time on the database's clock, the release's start is the nearest "since"
        checks.add(Check.databaseSlowQueries(
                "new-slow-queries",
                database,
                l.slowQuerySeconds(),
                baseline.map(Facts.DatabaseBaseline::measuredAt).orElse(c.startedAt())));
        return new Planned(checks, notChecked);
    }

    private static Optional<String> pagerDutyService(Context c) {
        return c.targets().dependenciesIfAny().map(ReleaseTargets.Dependencies::pagerDutyServiceId);
    }

    private static Optional<ReleaseTargets.DatabaseLimits> limits(Context c) {
        return c.targets().dependenciesIfAny().map(ReleaseTargets.Dependencies::database);
    }

    private static String noDatabase(Context c) {
        return c.targets().database() == null
                ? "no database configured for " + where(c)
                : "this release's stored targets have no database limits";
    }

    private static String where(Context c) {
        return c.spec().application() + " in " + c.spec().environment();
    }
}
