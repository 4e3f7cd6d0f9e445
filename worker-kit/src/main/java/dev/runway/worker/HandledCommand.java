package dev.runway.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.command.Command;
import dev.runway.model.event.Event;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One record of the handled-commands log, keyed by command id: the command was taken on, or it was concluded and
 * this is the event that concluded it, exactly as it was published.
 *
 * @param command    the command taken on, so that a worker restarted mid-command can resume it without waiting for
 *                   a redelivery that may never come (its offset may be committed); null when concluded, and in
 *                   records written before it was kept
 * @param concluding null while the command is in progress
 * @param progress   the parts of an in-progress command its handler recorded as done ({@link StepReporter#checkpoint}),
 *                   each with what it yielded; empty when none, and always once concluded
 */
public record HandledCommand(
        UUID commandId,
        State state,
        @JsonInclude(JsonInclude.Include.NON_NULL) Command command,
        @JsonInclude(JsonInclude.Include.NON_NULL) Event concluding,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> progress) {

    public enum State {
        /** Recorded before the handler runs; found after a restart, it means the worker stopped mid-command. */
        IN_PROGRESS,
        /** Recorded with the concluding event before that event is published. */
        CONCLUDED
    }

    public HandledCommand {
        Objects.requireNonNull(commandId, "commandId");
        Objects.requireNonNull(state, "state");
        if ((state == State.CONCLUDED) != (concluding != null)) {
            throw new IllegalArgumentException("a concluded command, and only one, carries its concluding event");
        }
        progress = progress == null ? Map.of() : Map.copyOf(progress);
    }

    public static HandledCommand inProgress(Command command) {
        return inProgress(command, Map.of());
    }

    public static HandledCommand inProgress(Command command, Map<String, String> progress) {
        return new HandledCommand(command.commandId(), State.IN_PROGRESS, command, null, progress);
    }

    public static HandledCommand concluded(Event concluding) {
        return new HandledCommand(concluding.commandId(), State.CONCLUDED, null, concluding, Map.of());
    }
}
