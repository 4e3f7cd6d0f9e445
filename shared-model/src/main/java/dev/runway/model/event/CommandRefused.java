package dev.runway.model.event;

/**
 * The worker did not carry the command out and changed nothing, for example because it read the command after
 * its {@link dev.runway.model.command.Command#notAfter() notAfter}. Unlike {@link StepFailed}, which may follow a
 * partial change, a refusal tells the coordinator there is nothing of this command to undo.
 *
 * @param reason in words a release lead reads, e.g. "expired at 2026-11-26T14:30:00Z, read at 14:41:07Z"
 */
public record CommandRefused(String reason) implements EventBody {

    @Override
    public boolean concludes() {
        return true;
    }
}
