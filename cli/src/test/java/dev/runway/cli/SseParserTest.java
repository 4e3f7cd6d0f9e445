package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private final SseParser parser = new SseParser();

    @Test
    void aBlankLineDispatchesTheEventWithItsTypeIdAndData() {
        List<SseParser.Event> events = feed(
                "event: transition",
                "id: 7",
                "data: {\"sequence\":7}",
                "",
                "event: release",
                "data: {\"id\":\"r\"}",
                "");

        assertThat(events)
                .containsExactly(
                        new SseParser.Event("transition", "7", "{\"sequence\":7}"),
                        new SseParser.Event("release", null, "{\"id\":\"r\"}"));
    }

    @Test
    void keepAliveCommentsAndBlankLinesWithoutDataDispatchNothing() {
        assertThat(feed(": keep-alive", "", "", ": keep-alive", "")).isEmpty();
    }

    @Test
    void severalDataLinesJoinWithNewlinesAndTheSpaceAfterTheColonIsOptional() {
        assertThat(feed("data:first", "data:  second", "data", ""))
                .containsExactly(new SseParser.Event("message", null, "first\n second\n"));
    }

    @Test
    void unknownFieldsAndRetryAreIgnored() {
        assertThat(feed("retry: 3000", "colour: blue", "event: release", "data: {}", ""))
                .containsExactly(new SseParser.Event("release", null, "{}"));
    }

    @Test
    void aHalfReceivedEventIsDroppedOnReset() {
        feed("event: transition", "data: {\"sequence\":8");
        parser.reset();

        assertThat(feed("event: release", "data: {}", "")).containsExactly(new SseParser.Event("release", null, "{}"));
    }

    private List<SseParser.Event> feed(String... lines) {
        List<SseParser.Event> events = new ArrayList<>();
        for (String line : lines) {
            parser.line(line).ifPresent(events::add);
        }
        return events;
    }
}
