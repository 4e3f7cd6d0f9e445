package dev.runway.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a worker takes commands off each of its topics; the worker-kit README lists each key. */
@ConfigMapping(prefix = "runway.worker.commands")
public interface CommandLanesConfig {

    /** Commands carried out at the same time per topic, each of a different release. */
    @WithDefault("8")
    int threads();

    /** Commands taken off one topic and not yet finished (queued behind their release, running or retrying). */
    @WithDefault("64")
    int maxInFlight();

    Retry retry();

    /** A command that failed for any reason but being unreadable is tried again, its release's later commands waiting. */
    interface Retry {

        @WithDefault("1s")
        Duration initialBackoff();

        @WithDefault("60s")
        Duration maxBackoff();
    }
}
