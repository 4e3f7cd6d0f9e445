package dev.runway.model.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The past-tense part of an event. The {@code type} field names the record on the wire. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = StepStarted.class, name = "StepStarted"),
    @JsonSubTypes.Type(value = StepProgressed.class, name = "StepProgressed"),
    @JsonSubTypes.Type(value = StepSucceeded.class, name = "StepSucceeded"),
    @JsonSubTypes.Type(value = StepFailed.class, name = "StepFailed"),
    @JsonSubTypes.Type(value = ThresholdBreached.class, name = "ThresholdBreached"),
    @JsonSubTypes.Type(value = CommandRefused.class, name = "CommandRefused"),
    @JsonSubTypes.Type(value = Announced.class, name = "Announced")
})
public sealed interface EventBody
        permits StepStarted, StepProgressed, StepSucceeded, StepFailed, ThresholdBreached, CommandRefused, Announced {

    /** True when this event ends the command it answers. */
    default boolean concludes() {
        return false;
    }
}
