package dev.runway.validator.guard;

import dev.runway.model.command.Command;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The guard watches under way, one per release. Commands arrive on the consumer thread while the sampler thread
 * samples; both go through this registry's lock for every change and every publication, so that nothing is
 * reported for a watch after it was stopped or replaced, and a watch's start is reported before its samples.
 */
@Singleton
public class GuardWatches {

    /**
     * One release's watch.
     *
     * @param command the {@code WatchGuards} that started it, which every sample and verdict answers
     * @param source  where its environment's metrics are read
     */
    public record Watched(Command command, MetricsSource source, GuardWatch watch) {

        public UUID releaseId() {
            return command.releaseId();
        }
    }

    /** What {@link #watch} did. */
    public enum Registration {
        /** The release had no watch; this one now runs. */
        STARTED,
        /** The release's watch of an earlier command was dropped for this one. */
        REPLACED,
        /** The release is already watched for this very command (a redelivery): its window goes on untouched. */
        ALREADY_WATCHING
    }

    private final Map<UUID, Watched> byRelease = new LinkedHashMap<>();

    /**
     * Watches {@code watched}'s release with it, unless that release is already watched for the same command.
     *
     * @param announce run first, under the lock, when the watch starts or replaces another: the sampler cannot
     *     report anything of the new watch before it
     */
    public synchronized Registration watch(Watched watched, Runnable announce) {
        Watched current = byRelease.get(watched.releaseId());
        if (current != null
                && current.command().commandId().equals(watched.command().commandId())) {
            return Registration.ALREADY_WATCHING;
        }
        announce.run();
        byRelease.put(watched.releaseId(), watched);
        return current == null ? Registration.STARTED : Registration.REPLACED;
    }

    /** Ends the release's watch; from the moment this returns nothing more is published for it. */
    public synchronized Optional<Watched> stop(UUID releaseId) {
        return Optional.ofNullable(byRelease.remove(releaseId));
    }

    /** Ends and returns every watch whose {@code until} has come. */
    public synchronized List<Watched> expire(Instant now) {
        List<Watched> expired = new ArrayList<>();
        byRelease.values().removeIf(watched -> {
            if (watched.watch().expired(now)) {
                expired.add(watched);
                return true;
            }
            return false;
        });
        return expired;
    }

    public synchronized List<Watched> current() {
        return List.copyOf(byRelease.values());
    }

    /** Runs {@code publish} under the lock if {@code watched} is still its release's watch; says whether it ran. */
    public synchronized boolean ifCurrent(Watched watched, Runnable publish) {
        if (byRelease.get(watched.releaseId()) != watched) {
            return false;
        }
        publish.run();
        return true;
    }
}
