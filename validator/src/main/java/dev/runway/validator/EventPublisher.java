package dev.runway.validator;

import dev.runway.model.event.Event;

/** Where the validator reports; returns once the event is durably accepted, so events stay ordered. */
public interface EventPublisher {

    void publish(Event event);
}
