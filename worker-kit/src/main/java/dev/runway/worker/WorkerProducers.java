package dev.runway.worker;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

class WorkerProducers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    RememberedCommands rememberedCommands(WorkerConfig config) {
        return new RememberedCommands(config.rememberedCommands());
    }
}
