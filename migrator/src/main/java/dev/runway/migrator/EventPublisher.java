package dev.runway.migrator;

import dev.runway.model.event.Event;

/** Where the migrator reports; returns once the event is durably accepted, so events stay ordered. */
public interface EventPublisher {

    void publish(Event event);
}
