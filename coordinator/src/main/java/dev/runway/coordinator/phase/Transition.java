package dev.runway.coordinator.phase;

import dev.runway.model.command.Command;
import java.util.List;

/**
 * The result of applying one input: the new state, the commands to send, the pages to send, and what changed. A
 * rejected input leaves the state as it was and says why.
 *
 * @param pages     pages the coordinator sends PagerDuty itself after commit, because a rollback announcement
 *                  reached nobody
 * @param rejection null when the input was accepted
 */
public record Transition(
        ReleaseState state, List<Command> commands, List<FallbackPage> pages, List<Change> changes, String rejection) {

    public Transition {
        commands = List.copyOf(commands);
        pages = List.copyOf(pages);
        changes = List.copyOf(changes);
    }

    static Transition rejected(ReleaseState state, String why) {
        return new Transition(state, List.of(), List.of(), List.of(), why);
    }

    public boolean accepted() {
        return rejection == null;
    }
}
