package dev.runway.worker;

import dev.runway.model.command.Command;

/**
 * A worker's domain logic for one command. It reports started, maybe progress, then exactly one
 * concluding event, and reports failures as a {@code StepFailed} rather than throwing: a thrown
 * exception means the command could not be answered at all.
 */
@FunctionalInterface
public interface CommandHandler {

    void carryOut(Command command, StepReporter reporter);
}
