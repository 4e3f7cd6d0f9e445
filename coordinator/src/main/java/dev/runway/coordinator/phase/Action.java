package dev.runway.coordinator.phase;

import dev.runway.model.command.Announce.Announcement;
import dev.runway.model.command.CommandBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a phase does once it runs: send a command and wait for its answer, ask people to vote and wait for their
 * votes, or decide in place (the completion). Announcements go out first either way.
 *
 * @param await  the command and its deadline; null unless {@link Kind#AWAIT}
 * @param poll   whose votes the phase waits for; null unless {@link Kind#VOTE}
 * @param notes  the timeline notes of an in-place decision
 * @param reason the audit reason of an in-place decision
 */
public record Action(Kind kind, Await await, Poll poll, String notes, String reason, List<Notice> notices) {

    public enum Kind {
        AWAIT,
        VOTE,
        SUCCEED
    }

    public Action {
        notices = List.copyOf(notices);
    }

    /** Send {@code command}; without an answer by {@code within}, the step has failed. */
    public static Action await(CommandBody command, Duration within) {
        return new Action(Kind.AWAIT, new Await(command, within), null, null, null, List.of());
    }

    /** Wait for a GO from a holder of each required role; a NO-GO or the window's end fails the phase. */
    public static Action vote(Poll poll) {
        return new Action(Kind.VOTE, null, poll, null, null, List.of());
    }

    /** The phase succeeded without a command. */
    public static Action succeed(String notes, String reason) {
        return new Action(Kind.SUCCEED, null, null, notes, reason, List.of());
    }

    public Action announcing(Announcement announcement, Map<String, String> facts) {
        List<Notice> all = new ArrayList<>(notices);
        all.add(new Notice(announcement, facts));
        return new Action(kind, await, poll, notes, reason, all);
    }

    /** A command awaited, with the time a worker has to answer it. */
    public record Await(CommandBody command, Duration within) {
        public Await {
            Objects.requireNonNull(command);
            Objects.requireNonNull(within);
        }
    }

    /** One of the runbook's announcements and the facts it states. */
    public record Notice(Announcement announcement, Map<String, String> facts) {
        public Notice {
            facts = Map.copyOf(facts);
        }
    }
}
