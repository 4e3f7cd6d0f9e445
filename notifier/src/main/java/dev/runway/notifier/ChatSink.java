package dev.runway.notifier;

/** Posts to a war-room chat channel. */
public interface ChatSink {

    /**
     * @param channel a name from the release's notification targets; the sink resolves it to its
     *                own secret address
     */
    SinkResult post(String channel, ChatMessage message);
}
