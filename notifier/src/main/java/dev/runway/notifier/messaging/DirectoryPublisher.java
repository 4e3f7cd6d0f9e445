package dev.runway.notifier.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.directory.NotifierDirectory;
import dev.runway.notifier.config.NotifierConfig;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

/**
 * Tells the coordinator, when the notifier starts, which chat channels and PagerDuty services it can deliver to,
 * so that a release nobody could be told about is refused before it runs. Names only: the webhook URLs and
 * routing keys behind them stay here.
 */
@ApplicationScoped
public class DirectoryPublisher {

    private static final Logger LOG = Logger.getLogger(DirectoryPublisher.class);

    private final MutinyEmitter<String> emitter;
    private final NotifierConfig config;
    private final Clock clock;

    public DirectoryPublisher(
            @Channel(Topics.NOTIFIER_DIRECTORY) MutinyEmitter<String> emitter, NotifierConfig config, Clock clock) {
        this.emitter = emitter;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent started) {
        NotifierDirectory directory = NotifierDirectory.of(
                config.chat().channels().keySet(), config.pagerduty().services().keySet(), clock.instant());
        String json;
        try {
            json = RunwayJson.wire().writeValueAsString(directory);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        emitter.sendMessageAndAwait(KafkaRecord.of(NotifierDirectory.KEY, json));
        LOG.infof(
                "Published the notifier's directory: chat channels %s, PagerDuty services %s",
                directory.chatChannels(), directory.pagerDutyServices());
    }
}
