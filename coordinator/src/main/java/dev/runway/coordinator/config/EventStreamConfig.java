package dev.runway.coordinator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The live event stream, {@code GET /releases/{id}/events}. */
@ConfigMapping(prefix = "runway.coordinator.event-stream")
public interface EventStreamConfig {

    /**
     * How often a comment line goes to a stream that has nothing else to say, so that proxies and load balancers do
     * not close it as idle and clients notice a dead connection.
     */
    @WithDefault("15s")
    Duration keepAlive();

    /**
     * How many transitions one subscriber may have waiting to be written. A client that falls this far behind is
     * disconnected rather than slowing the audit consumer or other clients; it reconnects and reads the release
     * afresh.
     */
    @WithDefault("64")
    int buffer();
}
