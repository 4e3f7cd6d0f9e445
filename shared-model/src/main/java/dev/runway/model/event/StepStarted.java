package dev.runway.model.event;

/** A worker took a command and began. */
public record StepStarted(String description) implements EventBody {}
