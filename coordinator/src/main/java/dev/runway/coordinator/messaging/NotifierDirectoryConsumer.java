package dev.runway.coordinator.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.runway.coordinator.notice.KnownRecipients;
import dev.runway.model.RunwayJson;
import dev.runway.model.Topics;
import dev.runway.model.directory.NotifierDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads the notifier's directory from the start of its compacted topic every time the coordinator starts (a group of
 * its own per process, offsets never committed), so the latest directory is known whichever service started first.
 */
@ApplicationScoped
public class NotifierDirectoryConsumer {

    private final KnownRecipients recipients;

    public NotifierDirectoryConsumer(KnownRecipients recipients) {
        this.recipients = recipients;
    }

    @Incoming(Topics.NOTIFIER_DIRECTORY)
    public void onDirectory(String payload) {
        NotifierDirectory directory;
        try {
            directory = RunwayJson.wire().readValue(payload, NotifierDirectory.class);
        } catch (JsonProcessingException e) {
            throw new UnreadableMessageException("unreadable notifier directory: " + e.getOriginalMessage(), e);
        }
        if (directory.schemaVersion() != NotifierDirectory.SCHEMA_VERSION) {
            throw new UnreadableMessageException(
                    "notifier directory of schema version " + directory.schemaVersion() + "; this coordinator reads "
                            + NotifierDirectory.SCHEMA_VERSION,
                    null);
        }
        recipients.learned(directory);
    }
}
