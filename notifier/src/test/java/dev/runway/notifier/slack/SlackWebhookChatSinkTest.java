package dev.runway.notifier.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import dev.runway.notifier.ChatMessage;
import org.junit.jupiter.api.Test;

class SlackWebhookChatSinkTest {

    @Test
    void theBodyCarriesTheTextAndOneMrkdwnSection() throws Exception {
        JsonNode body = RunwayJson.wire()
                .readTree(SlackWebhookChatSink.body(
                        new ChatMessage("🚨 ROLLBACK INITIATED", "🚨 ROLLBACK INITIATED\nReason: x")));

        assertThat(body.get("text").asText()).isEqualTo("🚨 ROLLBACK INITIATED\nReason: x");
        assertThat(body.at("/blocks/0/type").asText()).isEqualTo("section");
        assertThat(body.at("/blocks/0/text/type").asText()).isEqualTo("mrkdwn");
        assertThat(body.at("/blocks/0/text/text").asText()).isEqualTo("🚨 ROLLBACK INITIATED\nReason: x");
    }

    @Test
    void aReasonCannotMentionTheWholeChannelOrForgeALink() throws Exception {
        JsonNode body = RunwayJson.wire()
                .readTree(SlackWebhookChatSink.body(
                        new ChatMessage("h", "Reason: <!channel> <http://evil|click> & more")));

        assertThat(body.get("text").asText())
                .isEqualTo("Reason: &lt;!channel&gt; &lt;http://evil|click&gt; &amp; more");
    }

    @Test
    void aLongMessageIsCutToFitTheSectionBlock() throws Exception {
        JsonNode body = RunwayJson.wire().readTree(SlackWebhookChatSink.body(new ChatMessage("h", "x".repeat(5000))));

        assertThat(body.at("/blocks/0/text/text").asText()).hasSize(SlackWebhookChatSink.SECTION_LIMIT);
        assertThat(body.get("text").asText()).hasSize(5000);
    }
}
