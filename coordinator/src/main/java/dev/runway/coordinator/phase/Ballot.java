package dev.runway.coordinator.phase;

import dev.runway.model.spec.GoNoGoVote;
import dev.runway.model.spec.GoNoGoVote.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The runbook's GO/NO-GO vote while it is open: the roles whose holders must vote GO, until when, and the votes cast.
 *
 * @param migrationsHash the content hash a DBA's vote must carry, so the DBA approves the migrations that will run;
 *                       null when the release has none
 */
public record Ballot(List<Role> required, Instant deadline, String migrationsHash, List<GoNoGoVote> votes) {

    public Ballot {
        required = List.copyOf(required);
        votes = List.copyOf(votes);
    }

    /** The required roles nobody has voted for yet, in the runbook's order. */
    public List<Role> missing() {
        return required.stream().filter(r -> voteFor(r).isEmpty()).toList();
    }

    public Optional<GoNoGoVote> voteFor(Role role) {
        return votes.stream().filter(v -> v.role() == role).findFirst();
    }

    public Optional<GoNoGoVote> voteBy(String voter) {
        return votes.stream().filter(v -> v.by().equals(voter)).findFirst();
    }

    Ballot with(GoNoGoVote vote) {
        List<GoNoGoVote> all = new ArrayList<>(votes);
        all.add(vote);
        return new Ballot(required, deadline, migrationsHash, all);
    }
}
