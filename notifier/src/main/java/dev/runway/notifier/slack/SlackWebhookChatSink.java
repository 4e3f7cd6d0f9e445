package dev.runway.notifier.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.model.RunwayJson;
import dev.runway.notifier.ChatMessage;
import dev.runway.notifier.ChatSink;
import dev.runway.notifier.Delivery;
import dev.runway.notifier.Redaction;
import dev.runway.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Posts to Slack incoming webhooks (and the services that copy their format). Not retried: Slack
 * has no dedup key, so a retry after a lost answer could post twice; the failure goes to the
 * coordinator instead.
 */
@ApplicationScoped
public class SlackWebhookChatSink implements ChatSink {

    /** Slack cuts a section block's text at 3000 characters. */
    static final int SECTION_LIMIT = 3000;

    private final Map<String, NotifierConfig.Channel> channels;
    private final Duration timeout;
    private final HttpClient http;

    public SlackWebhookChatSink(NotifierConfig config) {
        this.channels = config.chat().channels();
        this.timeout = config.chat().timeout();
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Delivery post(String channel, ChatMessage message) {
        NotifierConfig.Channel target = channels.get(channel);
        if (target == null) {
            return Delivery.unreachable(
                    0,
                    "no chat channel named '" + channel + "' is configured (runway.chat.channels.\"" + channel
                            + "\".webhook-url)");
        }
        String webhookUrl = target.webhookUrl();
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(message)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return Delivery.delivered(200, 1);
            }
            return Delivery.rejected(
                    response.statusCode(),
                    1,
                    ("Slack answered " + response.statusCode() + " "
                                    + Redaction.quote(
                                            response.body(),
                                            webhookUrl,
                                            URI.create(webhookUrl).getRawPath()))
                            .strip());
        } catch (IOException e) {
            // The exception's message may carry the URL, so only its type is reported.
            return Delivery.unreachable(
                    1, "Slack could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Delivery.unreachable(1, "interrupted while posting to Slack");
        }
    }

    static String body(ChatMessage message) {
        String mrkdwn = escape(message.text());
        ObjectNode body = RunwayJson.wire().createObjectNode();
        body.put("text", mrkdwn);
        ObjectNode section = body.putArray("blocks").addObject();
        section.put("type", "section");
        section.putObject("text")
                .put("type", "mrkdwn")
                .put("text", mrkdwn.length() > SECTION_LIMIT ? mrkdwn.substring(0, SECTION_LIMIT - 1) + "…" : mrkdwn);
        try {
            return RunwayJson.wire().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Slack's mrkdwn reads {@code <...>} as links and mentions; a reason must not ping @channel. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
