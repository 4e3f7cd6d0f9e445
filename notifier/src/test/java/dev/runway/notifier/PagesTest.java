package dev.runway.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.command.Announce;
import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.Announce.Facts;
import dev.runway.model.spec.NotificationTargets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PagesTest {

    private static final UUID RELEASE = UUID.fromString("7d0c9a2e-5b1f-4c3e-9a57-1f2b3c4d5e6f");
    private static final Instant AT = Instant.parse("2026-11-26T14:20:00Z");

    private static Announce announce(Announcement announcement) {
        return new Announce(
                announcement,
                "shop",
                "production",
                "1.4.0",
                NotificationTargets.DEFAULTS,
                Map.of(Facts.REASON, "/health answered 503"));
    }

    @Test
    void rollbackInitiatedTriggersAnErrorIncidentForTheRelease() {
        Page page = Pages.forAnnouncement(RELEASE, announce(Announcement.ROLLBACK_INITIATED), AT)
                .orElseThrow();

        assertThat(page.action()).isEqualTo(Page.Action.TRIGGER);
        assertThat(page.severity()).isEqualTo(Page.Severity.ERROR);
        assertThat(page.dedupKey()).isEqualTo("runway-7d0c9a2e-5b1f-4c3e-9a57-1f2b3c4d5e6f");
        assertThat(page.summary()).contains("shop v1.4.0", "production", "/health answered 503");
        assertThat(page.source()).isEqualTo("runway/shop/production");
        assertThat(page.timestamp()).isEqualTo(AT);
        assertThat(page.details()).containsEntry(Facts.REASON, "/health answered 503");
    }

    @Test
    void aFailedRollbackRaisesTheSameIncidentToCritical() {
        Page initiated = Pages.forAnnouncement(RELEASE, announce(Announcement.ROLLBACK_INITIATED), AT)
                .orElseThrow();
        Page failed = Pages.forAnnouncement(RELEASE, announce(Announcement.ROLLBACK_FAILED), AT)
                .orElseThrow();

        assertThat(failed.action()).isEqualTo(Page.Action.TRIGGER);
        assertThat(failed.severity()).isEqualTo(Page.Severity.CRITICAL);
        assertThat(failed.dedupKey()).isEqualTo(initiated.dedupKey());
    }

    @Test
    void aCompletedRollbackResolvesTheIncident() {
        Page page = Pages.forAnnouncement(RELEASE, announce(Announcement.ROLLBACK_COMPLETE), AT)
                .orElseThrow();

        assertThat(page.action()).isEqualTo(Page.Action.RESOLVE);
        assertThat(page.dedupKey()).isEqualTo(Pages.dedupKey(RELEASE));
    }

    @ParameterizedTest
    @EnumSource(
            value = Announcement.class,
            names = {"DEPLOYMENT_STARTED", "DEPLOYMENT_COMPLETE", "DEPLOYMENT_ABORTED", "INCIDENT_REPORT"})
    void otherAnnouncementsGoToChatOnly(Announcement announcement) {
        assertThat(Pages.forAnnouncement(RELEASE, announce(announcement), AT)).isEmpty();
    }
}
