package dev.runway.coordinator.phase;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's manual rollback authority, "Deployment Lead + Engineering Manager": the asks received so far. A
 * rollback starts once both authorities have asked, as two different people, within the window.
 */
public record RollbackRequest(List<Ask> asks) {

    /** Who may ask for a manual rollback. */
    public enum Authority {
        DEPLOYMENT_LEAD,
        ENGINEERING_MANAGER
    }

    /** @param reason what the person said, or null */
    public record Ask(Authority authority, String by, String reason, Instant at) {}

    public RollbackRequest {
        asks = List.copyOf(asks);
    }

    /** The asks still inside the window at {@code now}. */
    RollbackRequest current(Instant now, Duration window) {
        return new RollbackRequest(
                asks.stream().filter(a -> now.isBefore(a.at().plus(window))).toList());
    }

    Optional<Ask> by(String person) {
        return asks.stream().filter(a -> a.by().equals(person)).findFirst();
    }

    Optional<Ask> from(Authority authority) {
        return asks.stream().filter(a -> a.authority() == authority).findFirst();
    }

    RollbackRequest with(Ask ask) {
        List<Ask> all = new ArrayList<>(asks);
        all.add(ask);
        return new RollbackRequest(all);
    }

    /** The authorities that have not asked yet. */
    public List<Authority> missing() {
        return List.of(Authority.values()).stream()
                .filter(a -> from(a).isEmpty())
                .toList();
    }
}
