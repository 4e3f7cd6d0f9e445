package dev.runway.coordinator.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.coordinator.phase.RollbackRequest;
import dev.runway.model.spec.GoNoGoVote;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoleMappingTest {

    @Test
    void withoutAMappingAClaimValueIsTheRunwayRoleOfTheSameName() {
        assertThat(RoleMapping.map(Set.of("deployer", "dba"), Map.of())).containsExactlyInAnyOrder("deployer", "dba");
    }

    @Test
    void aMappedValueGrantsItsRolesAndNothingOutsideRunwaysSixGrantsAnything() {
        Map<String, List<String>> mapping = Map.of(
                "release-managers", List.of("deployer", "viewer"),
                "ops", List.of("devops", "root"));

        assertThat(RoleMapping.map(Set.of("release-managers", "ops", "interns", "admin"), mapping))
                .containsExactlyInAnyOrder("deployer", "viewer", "devops");
    }

    @Test
    void aMappedValueNoLongerStandsForItself() {
        assertThat(RoleMapping.map(Set.of("dba"), Map.of("dba", List.of("viewer"))))
                .containsExactly("viewer");
    }

    @Test
    void eachVotingRoleAndRollbackAuthorityNeedsItsOwnRunwayRole() {
        assertThat(RunwayRole.votingAs(GoNoGoVote.Role.DATABASE_ADMINISTRATOR)).isEqualTo(RunwayRole.DBA);
        assertThat(RunwayRole.votingAs(GoNoGoVote.Role.DEVOPS_ENGINEER)).isEqualTo(RunwayRole.DEVOPS);
        assertThat(RunwayRole.asking(RollbackRequest.Authority.ENGINEERING_MANAGER)
                        .roleName())
                .isEqualTo("engineering-manager");
    }
}
