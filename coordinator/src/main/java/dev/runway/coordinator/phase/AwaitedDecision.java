package dev.runway.coordinator.phase;

import dev.runway.model.event.Event;
import dev.runway.model.spec.DecisionAction;
import java.time.Instant;

/**
 * A person is asked whether to roll back after an "EVALUATE ROLLBACK" guard rule fired. The pipeline holds meanwhile.
 *
 * @param deadline  past it, {@code onTimeout} decides
 * @param answered  the awaited command that concluded while the release waited; null if none did
 * @param held      its concluding event, applied on CONTINUE; null if none
 */
public record AwaitedDecision(
        Breach breach,
        Instant requestedAt,
        Instant deadline,
        DecisionAction onTimeout,
        PendingCommand answered,
        Event held) {

    AwaitedDecision holding(PendingCommand command, Event event) {
        return new AwaitedDecision(breach, requestedAt, deadline, onTimeout, command, event);
    }
}
