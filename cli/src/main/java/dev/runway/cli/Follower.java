package dev.runway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.runway.model.PhaseStatus;
import dev.runway.model.ReleaseStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * {@code --follow}: reads the release's event stream and shows each phase as it runs and how it ended, and who the
 * release waits for. What is shown comes from the release views the stream carries (each timeline row that starts or
 * ends is shown once, so a reconnect or a replayed event shows nothing twice); the transitions in between carry the
 * running phase's progress ("2 of 3 updated replicas are available").
 */
public final class Follower {

    /** How long the stream may stay away before following gives up. */
    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    static final int VERDICT_WIDTH = 200;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** A transition's word on a phase: what the phase became and why. */
    private record Said(String phaseStatus, String reason) {}

    private final Screen screen;
    private final String releaseId;
    private final boolean stopAtDecision;
    private final Map<String, String> progress = new HashMap<>();
    private final Map<String, Said> ended = new HashMap<>();
    private final Map<String, String> shownStatus = new HashMap<>();
    private final Map<String, String> shownProgress = new HashMap<>();
    private long lastSequence;
    private boolean headerShown;
    private boolean rollbackShown;
    private String waitShown;
    private String running;

    public Follower(Screen screen, String releaseId, boolean stopAtDecision) {
        this.screen = screen;
        this.releaseId = releaseId;
        this.stopAtDecision = stopAtDecision;
    }

    /**
     * Follows until the release ends (or waits for people, with {@code stopAtDecision}), reconnecting when the stream
     * drops; returns the exit code.
     */
    public int follow(Api api) {
        SseParser parser = new SseParser();
        Instant lastHeard = Instant.now();
        int attempt = 0;
        while (true) {
            String why;
            try (Stream<String> lines = api.events(releaseId, lastSequence > 0 ? lastSequence : null)) {
                parser.reset();
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    Optional<SseParser.Event> event = parser.line(it.next());
                    lastHeard = Instant.now();
                    attempt = 0;
                    if (event.isPresent()) {
                        OptionalInt done = onEvent(event.get());
                        if (done.isPresent()) {
                            return done.getAsInt();
                        }
                    }
                }
                why = "the coordinator closed the event stream";
            } catch (IOException | UncheckedIOException e) {
                why = "the event stream broke (" + message(e) + ")";
            } catch (CliException e) {
                if (e.httpStatus() < 500) {
                    throw e;
                }
                why = "the coordinator answered " + e.httpStatus();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.ERROR, "interrupted", e);
            }
            if (Duration.between(lastHeard, Instant.now()).compareTo(GIVE_UP_AFTER) > 0) {
                throw new CliException(
                        ExitCodes.ERROR,
                        why + "; nothing heard for " + GIVE_UP_AFTER.toMinutes() + " min, giving up (runway release"
                                + " follow " + releaseId + " resumes)");
            }
            long wait = Math.min(10_000L, 500L << Math.min(attempt, 5));
            attempt++;
            screen.note("runway: " + why + "; reconnecting in " + Tables.duration(Duration.ofMillis(wait)));
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CliException(ExitCodes.ERROR, "interrupted", e);
            }
        }
    }

    /** One event from the stream; an exit code once following is over. */
    public OptionalInt onEvent(SseParser.Event event) {
        JsonNode data;
        try {
            data = JSON.readTree(event.data());
        } catch (IOException e) {
            screen.note("runway: skipped an unreadable " + event.type() + " event: " + message(e));
            return OptionalInt.empty();
        }
        switch (event.type()) {
            case "transition" -> onTransition(data);
            case "release" -> {
                return onRelease(data);
            }
            default -> {
                // an event type this CLI does not know yet: newer coordinators may send more
            }
        }
        return OptionalInt.empty();
    }

    private void onTransition(JsonNode t) {
        long sequence = t.path("sequence").asLong(0);
        if (sequence > 0 && sequence <= lastSequence) {
            return;
        }
        lastSequence = Math.max(lastSequence, sequence);
        if (!t.path("phase").isTextual()) {
            return;
        }
        String phase = t.path("phase").asText();
        String phaseStatus = t.path("phaseStatus").asText("");
        String reason = t.path("reason").isTextual() ? t.path("reason").asText() : null;
        if (PhaseStatus.RUNNING.name().equals(phaseStatus)) {
            if (reason != null) {
                progress.put(phase, reason);
            }
        } else {
            ended.put(phase, new Said(phaseStatus, reason));
        }
    }

    private OptionalInt onRelease(JsonNode view) {
        if (!headerShown) {
            screen.line(String.format(
                    "Release %s: %s %s to %s, requested by %s",
                    view.path("id").asText(releaseId),
                    view.path("application").asText("?"),
                    view.path("version").asText("?"),
                    view.path("environment").asText("?"),
                    view.path("requestedBy").asText("?")));
            headerShown = true;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode row : view.path("timeline")) {
            String stage = row.path("stage").asText("");
            String key = stage + "#" + seen.merge(stage, 1, Integer::sum);
            showRow(key, stage, row);
        }
        showRollback(view);
        Optional<ReleaseStatus> status = status(view);
        boolean waiting = showWaiting(view, status.orElse(null));
        if (status.isPresent()) {
            OptionalInt exit = ExitCodes.forStatus(status.get());
            if (exit.isPresent()) {
                screen.close();
                screen.line(summary(view, status.get()));
                return exit;
            }
        }
        if (waiting && stopAtDecision) {
            screen.close();
            screen.line("Stopped following: release " + releaseId + " waits for people (exit code "
                    + ExitCodes.AWAITING_PEOPLE + ")");
            return OptionalInt.of(ExitCodes.AWAITING_PEOPLE);
        }
        return OptionalInt.empty();
    }

    private void showRow(String key, String stage, JsonNode row) {
        String status = row.path("status").asText("");
        Optional<PhaseStatus> phaseStatus = phaseStatus(status);
        if (phaseStatus.isEmpty() || phaseStatus.get() == PhaseStatus.PENDING) {
            return;
        }
        String where = String.format(
                "%-10s %-26s %-11s",
                row.path("phase").asText(""), row.path("task").asText(""), status);
        if (phaseStatus.get() == PhaseStatus.RUNNING) {
            String message =
                    progress.getOrDefault(stage, oneLine(row.path("notes").asText("")));
            boolean started = !status.equals(shownStatus.get(key));
            if (started || (!message.isEmpty() && !message.equals(shownProgress.get(key)))) {
                screen.status((where + " " + message).strip());
                running = key;
                shownStatus.put(key, status);
                shownProgress.put(key, message);
            }
            return;
        }
        if (status.equals(shownStatus.get(key))) {
            return;
        }
        shownStatus.put(key, status);
        if (key.equals(running)) {
            screen.status(null);
            running = null;
        }
        Said said = ended.get(stage);
        String verdict = said != null && status.equals(said.phaseStatus()) && said.reason() != null
                ? said.reason()
                : row.path("notes").asText("");
        String took = row.path("durationMillis").isNumber()
                ? Tables.duration(Duration.ofMillis(row.path("durationMillis").asLong()))
                : "";
        screen.line(String.format(
                        "%s %s %-9s %s",
                        marker(phaseStatus.get()), where, took, Tables.clip(oneLine(verdict), VERDICT_WIDTH))
                .strip());
    }

    private void showRollback(JsonNode view) {
        JsonNode rollback = view.path("rollback");
        if (rollbackShown || !rollback.isObject()) {
            return;
        }
        rollbackShown = true;
        screen.line(String.format(
                "[ROLLBK] %s%s: %s",
                rollback.path("trigger").asText("?"),
                rollback.path("immediate").asBoolean(false) ? " (immediate)" : "",
                oneLine(rollback.path("reason").asText(""))));
    }

    /** Shows whom the release waits for, once per change; true while it waits for votes or a decision. */
    private boolean showWaiting(JsonNode view, ReleaseStatus status) {
        List<String> waits = new ArrayList<>();
        boolean waitingForPeople = false;
        JsonNode vote = view.path("vote");
        if (status == ReleaseStatus.RUNNING
                && vote.isObject()
                && !vote.path("missing").isEmpty()) {
            List<String> missing = new ArrayList<>();
            vote.path("missing").forEach(m -> missing.add(m.asText()));
            String hash = vote.path("migrationsHash").isTextual()
                    ? "; the DBA's GO carries --migrations-hash "
                            + vote.path("migrationsHash").asText()
                    : "";
            waits.add("GO/NO-GO: waiting for votes from " + String.join(", ", missing) + until(vote.path("deadline"))
                    + hash + " (runway release vote " + releaseId + " --role <ROLE> --decision GO|NO_GO)");
            waitingForPeople = true;
        }
        JsonNode decision = view.path("decision");
        if (status == ReleaseStatus.AWAITING_DECISION && decision.isObject()) {
            String otherwise = decision.path("onTimeout").isTextual()
                    ? ", then " + decision.path("onTimeout").asText() + " by default"
                    : "";
            waits.add("decision needed: " + decision.path("trigger").asText("?") + " ("
                    + decision.path("rule").asText("?") + "): "
                    + oneLine(decision.path("evidence").asText(""))
                    + until(decision.path("deadline")) + otherwise + " (runway release decide " + releaseId
                    + " --action ROLLBACK|CONTINUE --reason ...)");
            waitingForPeople = true;
        }
        JsonNode request = view.path("rollbackRequest");
        if (request.isObject() && !request.path("missing").isEmpty()) {
            List<String> asked = new ArrayList<>();
            request.path("asks")
                    .forEach(a -> asked.add(a.path("by").asText("?") + " as "
                            + a.path("authority").asText("?")));
            List<String> missing = new ArrayList<>();
            request.path("missing").forEach(m -> missing.add(m.asText()));
            waits.add("manual rollback asked by " + String.join(", ", asked) + "; needs "
                    + String.join(" or ", missing) + " too (runway release rollback " + releaseId + " --as "
                    + missing.get(0) + ")");
        }
        String text = waits.isEmpty() ? null : String.join(System.lineSeparator() + "[ WAIT ] ", waits);
        if (text != null && !text.equals(waitShown)) {
            screen.line("[ WAIT ] " + text);
        }
        waitShown = text;
        return waitingForPeople;
    }

    private String summary(JsonNode view, ReleaseStatus status) {
        StringBuilder line =
                new StringBuilder("Release ").append(releaseId).append(' ').append(status.name());
        if (view.path("durationSeconds").isNumber()) {
            line.append(" after ")
                    .append(Tables.duration(
                            Duration.ofSeconds(view.path("durationSeconds").asLong())));
        }
        JsonNode rollback = view.path("rollback");
        if (rollback.isObject()) {
            line.append(" (")
                    .append(rollback.path("trigger").asText("?"))
                    .append(": ")
                    .append(Tables.clip(oneLine(rollback.path("reason").asText("")), VERDICT_WIDTH))
                    .append(')');
        }
        Instant hypercare = Tables.instant(view.path("hypercareUntil"));
        if (status == ReleaseStatus.COMPLETED && hypercare != null) {
            line.append("; the guards keep watching until ")
                    .append(CLOCK.format(hypercare))
                    .append(" UTC");
        }
        return line.toString();
    }

    private static String marker(PhaseStatus status) {
        switch (status) {
            case PENDING:
                return "[ .... ]";
            case RUNNING:
                return "[ RUN  ]";
            case SUCCEEDED:
                return "[  OK  ]";
            case FAILED:
                return "[ FAIL ]";
            case SKIPPED:
                return "[ SKIP ]";
            case ROLLED_BACK:
                return "[ UNDO ]";
        }
        throw new IllegalArgumentException("unknown phase status " + status);
    }

    private static String until(JsonNode deadline) {
        Instant at = Tables.instant(deadline);
        return at == null ? "" : " until " + CLOCK.format(at) + " UTC";
    }

    private static Optional<ReleaseStatus> status(JsonNode view) {
        try {
            return Optional.of(ReleaseStatus.valueOf(view.path("status").asText("")));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<PhaseStatus> phaseStatus(String status) {
        try {
            return Optional.of(PhaseStatus.valueOf(status));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String oneLine(String text) {
        return Tables.oneLine(text);
    }

    private static String message(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
