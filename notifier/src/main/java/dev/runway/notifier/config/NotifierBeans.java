package dev.runway.notifier.config;

import dev.runway.notifier.ProcessedCommands;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

class NotifierBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    ProcessedCommands processedCommands(NotifierConfig config) {
        return new ProcessedCommands(config.idempotency().rememberedCommands());
    }
}
