package dev.runway.notifier.slack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.model.RunwayJson;
import dev.runway.notifier.ChatMessage;
import dev.runway.notifier.ChatSink;
import dev.runway.notifier.Redaction;
import dev.runway.notifier.RetryPolicy;
import dev.runway.notifier.SinkResult;
import dev.runway.notifier.config.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Posts to Slack incoming webhooks (and the services that copy their format). Slack has no dedup key, so a post is
 * retried only when it certainly was not taken: a 429 or 5xx answer, or a connection that never opened. A timeout
 * is not retried, because a lost answer may follow a post that went through; the outcome goes to the coordinator.
 */
@ApplicationScoped
public class SlackWebhookChatSink implements ChatSink {

    /** Slack cuts a section block's text at 3000 characters. */
    static final int SECTION_LIMIT = 3000;

    private static final Logger LOG = Logger.getLogger(SlackWebhookChatSink.class);

    private final Map<String, NotifierConfig.Channel> channels;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final HttpClient http;

    public SlackWebhookChatSink(NotifierConfig config) {
        this.channels = config.chat().channels();
        this.timeout = config.chat().timeout();
        NotifierConfig.Retry retries = config.chat().retry();
        this.retry = new RetryPolicy(retries.maxAttempts(), retries.initialBackoff(), retries.maxBackoff());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public SinkResult post(String channel, ChatMessage message) {
        NotifierConfig.Channel target = channels.get(channel);
        if (target == null) {
            return SinkResult.notConfigured("no chat channel named '" + channel
                    + "' is configured (runway.chat.channels.\"" + channel + "\".webhook-url)");
        }
        String webhookUrl = target.webhookUrl();
        HttpRequest request = HttpRequest.newBuilder(URI.create(webhookUrl))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body(message)))
                .build();
        for (int attempt = 1; ; attempt++) {
            Attempt result = postOnce(request, attempt, webhookUrl);
            if (!result.retryable() || !retry.allowsAnotherAfter(attempt)) {
                return result.result();
            }
            Duration backoff = retry.backoffAfter(attempt);
            LOG.warnf(
                    "Chat post to '%s' failed on attempt %d (%s); retrying in %d ms",
                    channel, attempt, result.result().detail(), backoff.toMillis());
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return result.result();
            }
        }
    }

    private record Attempt(SinkResult result, boolean retryable) {}

    private Attempt postOnce(HttpRequest request, int attempt, String webhookUrl) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return new Attempt(SinkResult.delivered(200, attempt), false);
            }
            SinkResult answered = SinkResult.answered(
                    response.statusCode(),
                    attempt,
                    ("Slack answered " + response.statusCode() + " "
                                    + Redaction.quote(
                                            response.body(),
                                            webhookUrl,
                                            URI.create(webhookUrl).getRawPath()))
                            .strip());
            return new Attempt(answered, RetryPolicy.isTransient(response.statusCode()));
        } catch (ConnectException e) {
            return new Attempt(
                    SinkResult.unreachable(
                            attempt,
                            "Slack could not be reached (" + e.getClass().getSimpleName() + ")"),
                    true);
        } catch (IOException e) {
            // The exception's message may carry the URL, so only its type is reported.
            return new Attempt(
                    SinkResult.unreachable(
                            attempt, "no answer from Slack (" + e.getClass().getSimpleName() + ")"),
                    false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(SinkResult.unreachable(attempt, "interrupted while posting to Slack"), false);
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
