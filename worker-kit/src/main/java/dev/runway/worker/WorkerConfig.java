package dev.runway.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What every worker configures the same way; the worker-kit README lists each key. */
@ConfigMapping(prefix = "runway.worker")
public interface WorkerConfig {

    /** How many concluding events are kept in memory; an older one is read back from the handled-commands log. */
    @WithDefault("10000")
    int rememberedCommands();

    HandledCommandsLog handledCommands();

    interface HandledCommandsLog {

        /** The compacted topic of this worker's handled commands, created at start when missing. */
        @WithDefault("runway-handled-${quarkus.application.name}")
        String topic();

        /** How long reading the log at start, and each write to it, may take before the worker gives up. */
        @WithDefault("60s")
        Duration timeout();
    }
}
