package dev.runway.rollout.cache.cloudfront;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * CloudFront's API (version 2020-05-31, REST-XML) as documented for CreateInvalidation and GetInvalidation, on a
 * WireMock server: {@code POST /2020-05-31/distribution/{id}/invalidation} answers 201 with {@code Location} and the
 * {@code <Invalidation>} in {@code InProgress}; {@code GET .../invalidation/{invalidationId}} answers it with its
 * status.
 */
public final class CloudFrontStandIn {

    public static final String API = "/2020-05-31/distribution/";

    private CloudFrontStandIn() {}

    /**
     * Creating an invalidation of {@code distribution} with {@code callerReference} answers {@code invalidationId},
     * as CloudFront does for every request with that reference; the status reads InProgress {@code readsInProgress}
     * times, then Completed (never, when negative).
     */
    public static void invalidation(
            WireMockServer server,
            String distribution,
            String callerReference,
            String invalidationId,
            int readsInProgress) {
        server.stubFor(post(urlEqualTo(API + distribution + "/invalidation"))
                .withRequestBody(containing("<CallerReference>" + callerReference + "</CallerReference>"))
                .willReturn(xml(201, invalidationXml(invalidationId, callerReference, "InProgress"))
                        .withHeader(
                                "Location",
                                "https://cloudfront.amazonaws.com" + API + distribution + "/invalidation/"
                                        + invalidationId)));
        String scenario = distribution + "/" + invalidationId;
        String path = API + distribution + "/invalidation/" + invalidationId;
        if (readsInProgress < 0) {
            server.stubFor(get(urlEqualTo(path))
                    .willReturn(xml(200, invalidationXml(invalidationId, callerReference, "InProgress"))));
            return;
        }
        // once Completed it stays Completed, as a repeated request finds it
        for (int read = 0; read <= readsInProgress; read++) {
            String state = read == 0 ? Scenario.STARTED : "read " + read;
            String status = read < readsInProgress ? "InProgress" : "Completed";
            server.stubFor(get(urlEqualTo(path))
                    .inScenario(scenario)
                    .whenScenarioStateIs(state)
                    .willSetStateTo(read < readsInProgress ? "read " + (read + 1) : state)
                    .willReturn(xml(200, invalidationXml(invalidationId, callerReference, status))));
        }
    }

    /** CloudFront's answer for a distribution id it does not know. */
    public static void noSuchDistribution(WireMockServer server, String distribution) {
        server.stubFor(post(urlEqualTo(API + distribution + "/invalidation")).willReturn(xml(404, """
                        <?xml version="1.0" encoding="UTF-8"?>
                        <ErrorResponse xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
                          <Error>
                            <Type>Sender</Type>
                            <Code>NoSuchDistribution</Code>
                            <Message>The specified distribution does not exist.</Message>
                          </Error>
                          <RequestId>5d1f1e2a-0000-4c3e-9a57-1f2b3c4d5e6f</RequestId>
                        </ErrorResponse>
                        """)));
    }

    private static ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml")
                .withHeader("x-amz-request-id", "5d1f1e2a-0000-4c3e-9a57-1f2b3c4d5e6f")
                .withBody(body);
    }

    private static String invalidationXml(String id, String callerReference, String status) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Invalidation xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
                  <CreateTime>2026-11-27T11:40:00.000Z</CreateTime>
                  <Id>%s</Id>
                  <InvalidationBatch>
                    <CallerReference>%s</CallerReference>
                    <Paths>
                      <Items>
                        <Path>/*</Path>
                      </Items>
                      <Quantity>1</Quantity>
                    </Paths>
                  </InvalidationBatch>
                  <Status>%s</Status>
                </Invalidation>
                """.formatted(id, callerReference, status);
    }
}
