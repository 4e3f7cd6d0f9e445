package dev.runway.validator.config;

import dev.runway.validator.FinishedCommands;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

class ValidatorProducers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    FinishedCommands finishedCommands(ValidatorConfig config) {
        return new FinishedCommands(config.rememberedCommands());
    }
}
