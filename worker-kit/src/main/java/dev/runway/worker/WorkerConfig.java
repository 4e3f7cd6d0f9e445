package dev.runway.worker;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What every worker configures the same way; the worker-kit README lists each key. */
@ConfigMapping(prefix = "runway.worker")
public interface WorkerConfig {

    /** How many command ids are remembered to recognise a redelivery. */
    @WithDefault("10000")
    int rememberedCommands();
}
