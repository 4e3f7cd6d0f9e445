package dev.runway.rollout.config;

import dev.runway.rollout.CompletedCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

public class AgentProducers {

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @ApplicationScoped
    CompletedCommands completedCommands(RolloutAgentConfig config) {
        return new CompletedCommands(config.rollout().rememberedCommands());
    }
}
