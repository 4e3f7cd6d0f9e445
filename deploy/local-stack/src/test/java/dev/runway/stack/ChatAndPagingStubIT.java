package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runway.model.RunwayJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in keeps PagerDuty's incidents of test alerts apart by dedup key, as PagerDuty does. */
class ChatAndPagingStubIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private ChatAndPagingStub stub;

    @BeforeEach
    void start() {
        stub = ChatAndPagingStub.start(new FreePorts().next());
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void aTestAlertIsListedUnderItsDedupKeyUntilResolvedAndOverlappingAlertsStayApart() throws Exception {
        assertThat(send("trigger", "release-a")).isEqualTo(202);
        assertThat(send("trigger", "release-b")).isEqualTo(202);
        assertThat(send("trigger", "release-a")).isEqualTo(202);

        assertThat(incidents("release-a")).hasSize(1);
        long a = incidents("release-a").get(0).path("incident_number").asLong();
        long b = incidents("release-b").get(0).path("incident_number").asLong();
        assertThat(a).isNotEqualTo(b);

        assertThat(send("resolve", "release-a")).isEqualTo(202);

        assertThat(incidents("release-a")).isEmpty();
        assertThat(incidents("release-b")).hasSize(1);
        assertThat(stub.testAlerts()).hasSize(4);
        assertThat(stub.pagerDutyEvents()).isEmpty();
    }

    private int send(String action, String dedupKey) throws Exception {
        String event = "{\"routing_key\":\"" + stub.testAlertRoutingKey() + "\",\"event_action\":\"" + action
                + "\",\"dedup_key\":\"" + dedupKey + "\""
                + ("trigger".equals(action)
                        ? ",\"payload\":{\"summary\":\"test\",\"source\":\"runway\",\"severity\":\"info\"}"
                        : "")
                + "}";
        return http.send(
                        HttpRequest.newBuilder(URI.create(stub.pagerDutyBaseUrl() + "/v2/enqueue"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(event))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }

    private JsonNode incidents(String dedupKey) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(stub.pagerDutyBaseUrl() + "/incidents?incident_key=" + dedupKey
                                + "&service_ids%5B%5D=" + LocalStack.SHOP_PAGERDUTY_SERVICE_ID))
                        .header("Authorization", "Token token=" + stub.restApiToken())
                        .header("Accept", "application/vnd.pagerduty+json;version=2")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return RunwayJson.wire().readTree(response.body()).path("incidents");
    }
}
