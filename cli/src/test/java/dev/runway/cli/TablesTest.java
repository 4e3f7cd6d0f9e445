package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TablesTest {

    @Test
    void theTimelineHasTheRunbooksColumnsAndOneLinePerRow() throws IOException {
        String release = """
                {"timeline":[
                  {"stage":"PRE_FLIGHT_CHECKS","phase":"Pre-Deploy","task":"Pre-flight checks","status":"SUCCEEDED",
                   "startedAt":"2026-11-27T17:02:03.120Z","endedAt":"2026-11-27T17:02:07Z","durationMillis":3880,
                   "notes":"all checks passed"},
                  {"stage":"APPLICATION_DEPLOYMENT","phase":"Phase 3","task":"Application deployment","status":"RUNNING",
                   "startedAt":"2026-11-27T17:02:30Z","endedAt":null,"durationMillis":null,"notes":"rollout\\nstarted"},
                  {"stage":"CACHE_INVALIDATION","phase":"Phase 6","task":"Cache invalidation","status":"PENDING",
                   "startedAt":null,"endedAt":null,"durationMillis":null,"notes":null}]}
                """;

        String table = Tables.timeline(new ObjectMapper().readTree(release));

        assertThat(table.lines())
                .containsExactly(
                        "Time (UTC)  Phase       Task                    Status     Duration  Notes",
                        "----------  ----------  ----------------------  ---------  --------  -----------------",
                        "17:02:03    Pre-Deploy  Pre-flight checks       SUCCEEDED  3.9 s     all checks passed",
                        "17:02:30    Phase 3     Application deployment  RUNNING              rollout started",
                        "            Phase 6     Cache invalidation      PENDING");
    }

    @Test
    void longNotesAreCutInTheTable() throws IOException {
        String notes = "x".repeat(500);
        String table = Tables.timeline(new ObjectMapper()
                .readTree("{\"timeline\":[{\"phase\":\"Phase 2\",\"task\":\"Database migration\",\"status\":"
                        + "\"SUCCEEDED\",\"notes\":\"" + notes + "\"}]}"));

        assertThat(table.lines().skip(2).findFirst().orElseThrow())
                .endsWith("x".repeat(Tables.NOTES_WIDTH - 3) + "...");
    }

    @Test
    void releasesAreListedOnePerLine() throws IOException {
        String releases = """
                [{"id":"7d0c9a2e","application":"shop","environment":"production","version":"1.4.0",
                  "status":"COMPLETED","currentPhase":null,"startedAt":"2026-11-27T17:02:03Z","requestedBy":"dana"}]
                """;

        assertThat(Tables.releases(new ObjectMapper().readTree(releases)).lines())
                .containsExactly(
                        "ID        Application  Environment  Version  Status     Phase  Started (UTC)     By",
                        "--------  -----------  -----------  -------  ---------  -----  ----------------  ----",
                        "7d0c9a2e  shop         production   1.4.0    COMPLETED         2026-11-27 17:02  dana");
    }

    @Test
    void durationsReadAsAPersonWouldSayThem() {
        assertThat(Tables.duration(Duration.ofMillis(412))).isEqualTo("412 ms");
        assertThat(Tables.duration(Duration.ofMillis(12_340))).isEqualTo("12.3 s");
        assertThat(Tables.duration(Duration.ofSeconds(125))).isEqualTo("2 min 05 s");
        assertThat(Tables.duration(Duration.ofSeconds(3_720))).isEqualTo("1 h 02 min");
    }
}
