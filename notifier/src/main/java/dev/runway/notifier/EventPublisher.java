package dev.runway.notifier;

import dev.runway.model.command.Command;
import dev.runway.model.event.EventBody;

/** Reports on a command to the coordinator; returns once the report is durably published. */
public interface EventPublisher {

    void publish(Command command, EventBody body);
}
