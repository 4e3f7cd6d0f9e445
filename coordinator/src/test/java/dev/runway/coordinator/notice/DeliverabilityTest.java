package dev.runway.coordinator.notice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.coordinator.release.Violation;
import dev.runway.model.directory.NotifierDirectory;
import dev.runway.model.spec.NotificationTargets;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliverabilityTest {

    private static final NotifierDirectory DIRECTORY =
            NotifierDirectory.of(Set.of("default"), Set.of("default"), Instant.parse("2026-11-26T14:00:00Z"));

    @Test
    void targetsTheNotifierHasAreDeliverable() {
        assertThat(Deliverability.check("shop", "production", new NotificationTargets("default", "default"), DIRECTORY))
                .isEmpty();
    }

    @Test
    void eachMissingNameIsRefusedNamingThePropertyThatHoldsItAndWhatTheNotifierHas() {
        assertThat(Deliverability.check(
                        "shop", "production", new NotificationTargets("deployments", "shop-oncall"), DIRECTORY))
                .containsExactly(
                        new Violation(
                                "runway.targets.\"shop\".\"production\".chat-channel",
                                "names chat channel 'deployments', which the notifier cannot post to (it has"
                                        + " 'default')"),
                        new Violation(
                                "runway.targets.\"shop\".\"production\".pagerduty-service",
                                "names PagerDuty service 'shop-oncall', which the notifier cannot page (it has"
                                        + " 'default')"));
    }

    @Test
    void aNotifierWithoutPagerDutyServicesSaysSo() {
        NotifierDirectory chatOnly = NotifierDirectory.of(Set.of("default"), Set.of(), Instant.EPOCH);

        assertThat(Deliverability.check("shop", "production", NotificationTargets.DEFAULTS, chatOnly))
                .singleElement()
                .extracting(Violation::message)
                .asString()
                .endsWith("(it has none)");
    }
}
