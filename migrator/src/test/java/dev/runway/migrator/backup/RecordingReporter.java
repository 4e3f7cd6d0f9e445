package dev.runway.migrator.backup;

import dev.runway.model.event.EventBody;
import dev.runway.worker.StepReporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What CommandIntake hands a handler: events in order, and checkpoints that a resumed command reads back. Share one
 * {@link #progress} between two reporters to resume a command.
 */
public final class RecordingReporter implements StepReporter {

    public final List<EventBody> reported = new ArrayList<>();
    public final Map<String, String> progress;

    public RecordingReporter() {
        this(new ConcurrentHashMap<>());
    }

    public RecordingReporter(Map<String, String> progress) {
        this.progress = progress;
    }

    @Override
    public void report(EventBody body) {
        reported.add(body);
    }

    @Override
    public void checkpoint(String part, String yielded) {
        progress.put(part, yielded);
    }

    @Override
    public Optional<String> checkpointed(String part) {
        return Optional.ofNullable(progress.get(part));
    }
}
