package dev.runway.coordinator.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.coordinator.rest.TargetsProfile;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.infra.PostgresResource;
import dev.runway.model.command.Announce.Announcement;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Without a routing key the coordinator says so at start, pages nobody, and counts for Alertmanager instead. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(PagerDutyStandIn.class)
@TestProfile(WithoutFallbackPagingProfile.class)
class WithoutFallbackPagingIT {

    @BeforeAll
    static void theNotifierHasStarted() {
        TargetsProfile.publishNotifierDirectory(KafkaTestClient.onTestBroker());
    }

    @Test
    void aSilentNotifiersRollbackAnnouncementIsCountedForAlertmanagerAndNothingIsPagedOrStored() throws Exception {
        UUID id = FallbackPagingIT.rollingBack(FallbackPagingProfile.UNPAGED_APPLICATION);

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(FallbackPagingIT.notice(id, Announcement.ROLLBACK_INITIATED)
                                .path("fallback")
                                .path("delivery")
                                .path("outcome")
                                .asText())
                        .isEqualTo("NOT_CONFIGURED"));

        assertThat(FallbackPagingIT.notice(id, Announcement.ROLLBACK_INITIATED)
                        .path("outcome")
                        .asText())
                .contains("not answered by the notifier", "runway.coordinator.fallback-paging is not configured");
        assertThat(FallbackPagingIT.undelivered(
                        FallbackPagingProfile.UNPAGED_APPLICATION, "ROLLBACK_INITIATED", "not_configured"))
                .isEqualTo(1.0);
        assertThat(FallbackPagingIT.pages(id)).isEmpty();
        try (Connection c = OutboxIT.connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT count(*) FROM outbox WHERE release_id = ? AND topic = '"
                                + PagerDutyFallback.DESTINATION + "'")) {
            s.setObject(1, id);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).isZero();
            }
        }
        String log = Files.readString(Path.of("target/coordinator-test.log"));
        assertThat(log).contains("runway.coordinator.fallback-paging.routing-key is not set");
    }
}
