package dev.runway.worker;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.util.Map;

class WorkerProducers {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    KafkaHandledLog handledLog(WorkerConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        return new KafkaHandledLog(
                kafka,
                config.handledCommands().topic(),
                config.handledCommands().timeout());
    }

    void closeHandledLog(@Disposes KafkaHandledLog log) {
        log.close();
    }

    @Produces
    @Singleton
    HandledCommands handledCommands(WorkerConfig config, KafkaHandledLog log) {
        return new HandledCommands(log, config.rememberedCommands());
    }

    /**
     * Runs before the messaging connectors subscribe (they start at {@code LIBRARY_BEFORE}), so no command is carried
     * out before the log is read; a log that cannot be read fails the start with its reason.
     */
    void loadHandledCommands(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start, HandledCommands handled) {
        handled.load();
    }
}
