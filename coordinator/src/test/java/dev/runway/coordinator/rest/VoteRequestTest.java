package dev.runway.coordinator.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.coordinator.release.Violation;
import dev.runway.model.spec.GoNoGoVote.Decision;
import dev.runway.model.spec.GoNoGoVote.Role;
import org.junit.jupiter.api.Test;

/** The consent to skipping the rehearsal (runbook Step 2.2) belongs to the DBA's GO alone. */
class VoteRequestTest {

    @Test
    void aDbaGoMayConsentToSkippingTheRehearsal() {
        VoteRequest vote = new VoteRequest(Role.DATABASE_ADMINISTRATOR, Decision.GO, null, "sha256:ab", true);

        assertThat(vote.violations()).isEmpty();
        assertThat(vote.skipsRehearsal()).isTrue();
    }

    @Test
    void anyOtherVoteThatConsentsIsRefusedNamingTheField() {
        for (VoteRequest vote : new VoteRequest[] {
            new VoteRequest(Role.DEPLOYMENT_LEAD, Decision.GO, null, null, true),
            new VoteRequest(Role.DATABASE_ADMINISTRATOR, Decision.NO_GO, null, null, true)
        }) {
            assertThat(vote.violations()).extracting(Violation::field).containsExactly("skipRehearsal");
        }
    }

    @Test
    void aVoteThatSaysNothingOrFalseAsksForTheRehearsal() {
        assertThat(new VoteRequest(Role.DEPLOYMENT_LEAD, Decision.GO, null, null).skipsRehearsal())
                .isFalse();
        assertThat(new VoteRequest(Role.DEPLOYMENT_LEAD, Decision.GO, null, null, false).violations())
                .isEmpty();
    }
}
