package dev.runway.worker;

import dev.runway.model.event.Event;

/** Where a worker reports; returns once the event is durably accepted, so events stay ordered. */
public interface EventPublisher {

    void publish(Event event);
}
