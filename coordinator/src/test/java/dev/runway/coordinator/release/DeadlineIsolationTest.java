package dev.runway.coordinator.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One release whose deadline check fails must not leave every other release's deadlines unchecked. */
class DeadlineIsolationTest {

    static final UUID FIRST = UUID.fromString("00000000-0000-0000-0000-000000000001");
    static final UUID UNREADABLE = UUID.fromString("00000000-0000-0000-0000-000000000002");
    static final UUID THROWING = UUID.fromString("00000000-0000-0000-0000-000000000003");
    static final UUID LAST = UUID.fromString("00000000-0000-0000-0000-000000000004");

    @Test
    void aFailingCheckIsReportedWithItsReleaseAndTheReleasesAfterItAreStillChecked() {
        List<UUID> checked = new ArrayList<>();
        Map<UUID, Throwable> failed = new LinkedHashMap<>();

        ReleaseService.eachOnItsOwn(
                        List.of(FIRST, UNREADABLE, THROWING, LAST),
                        id -> {
                            if (id.equals(THROWING)) {
                                throw new IllegalStateException("no rule for input");
                            }
                            checked.add(id);
                            return id.equals(UNREADABLE)
                                    ? Uni.createFrom()
                                            .failure(new IllegalStateException("stored release state is unreadable"))
                                    : Uni.createFrom().voidItem();
                        },
                        failed::put)
                .await()
                .indefinitely();

        assertThat(checked).containsExactly(FIRST, UNREADABLE, LAST);
        assertThat(failed).containsOnlyKeys(UNREADABLE, THROWING);
        assertThat(failed.get(UNREADABLE)).hasMessage("stored release state is unreadable");
        assertThat(failed.get(THROWING)).hasMessage("no rule for input");
    }

    @Test
    void withoutFailuresNothingIsReported() {
        List<UUID> checked = new ArrayList<>();
        List<UUID> failed = new ArrayList<>();

        ReleaseService.eachOnItsOwn(
                        List.of(FIRST, LAST),
                        id -> {
                            checked.add(id);
                            return Uni.createFrom().voidItem();
                        },
                        (id, e) -> failed.add(id))
                .await()
                .indefinitely();

        assertThat(checked).containsExactly(FIRST, LAST);
        assertThat(failed).isEmpty();
    }
}
