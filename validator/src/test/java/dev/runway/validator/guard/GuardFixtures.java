package dev.runway.validator.guard;

import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.Command;
import dev.runway.model.command.CommandBody;
import dev.runway.model.command.WatchGuards;
import dev.runway.model.guard.GuardMetric;
import dev.runway.model.guard.GuardRule;
import dev.runway.model.guard.Severity;
import dev.runway.model.spec.KubernetesTarget;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the guard tests share: a shop Deployment, two rules, queries and a clock moved by hand. */
final class GuardFixtures {

    static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    static final KubernetesTarget SHOP = new KubernetesTarget("production", "shop", "shop");
    static final GuardQueries QUERIES = new GuardQueries(
            Map.of(
                    GuardMetric.ERROR_RATE, "errors{deployment=\"{deployment}\"}[{range}]",
                    GuardMetric.LATENCY_P99, "p99{deployment=\"{deployment}\"}[{range}]"),
            GuardQueries.DEFAULT_MIN_RANGE_SECONDS);
    static final GuardRule ERRORS_ABOVE_5_FOR_10_S = new GuardRule(
            "error-rate-immediate",
            GuardMetric.ERROR_RATE,
            0.05,
            10,
            2,
            Severity.IMMEDIATE,
            RollbackTrigger.ERROR_RATE_SUSTAINED);

    private GuardFixtures() {}

    static Command command(UUID releaseId, CommandBody body) {
        return Command.of(UUID.randomUUID(), releaseId, T0, Phase.MONITORING_VALIDATION, body);
    }

    static WatchGuards watchShop(Instant until, GuardRule... rules) {
        return new WatchGuards("production", SHOP, List.of(rules), until);
    }

    static GuardWatch guardWatch(Instant until, GuardRule... rules) {
        return new GuardWatch(SHOP, List.of(rules), QUERIES, Limits.DEFAULTS, T0, until);
    }

    /** A clock the test moves; the sampler reads it once per sample and once per event. */
    static final class HandClock extends Clock {

        private Instant now = T0;

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
