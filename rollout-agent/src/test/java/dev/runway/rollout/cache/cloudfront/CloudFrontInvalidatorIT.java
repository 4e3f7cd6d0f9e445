package dev.runway.rollout.cache.cloudfront;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.runway.rollout.cache.DistributionInvalidator.Result;
import dev.runway.rollout.config.RolloutAgentConfig;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real AWS SDK v2 CloudFront client against a stand-in answering as CloudFront's API is documented. */
class CloudFrontInvalidatorIT {

    static final String DISTRIBUTION = "EDFDVBD6EXAMPLE";
    static final String ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    record Distribution(
            String distributionId,
            List<String> paths,
            String region,
            Optional<URI> endpoint,
            Optional<String> accessKeyId,
            Optional<String> secretAccessKey,
            Duration timeout,
            Duration pollInterval)
            implements RolloutAgentConfig.CloudFront {}

    WireMockServer cloudFront;
    final CloudFrontInvalidator invalidator = new CloudFrontInvalidator(Clock.systemUTC());
    final String commandId = UUID.randomUUID().toString();

    @BeforeEach
    void start() {
        cloudFront = new WireMockServer(options().dynamicPort());
        cloudFront.start();
    }

    @AfterEach
    void stop() {
        cloudFront.stop();
    }

    Distribution distribution(String id) {
        return new Distribution(
                id,
                List.of("/*"),
                "us-east-1",
                Optional.of(URI.create(cloudFront.baseUrl())),
                Optional.of(ACCESS_KEY),
                Optional.of(SECRET_KEY),
                Duration.ofSeconds(10),
                Duration.ofMillis(100));
    }

    Result invalidate(Distribution distribution, Duration within) {
        return invalidator.invalidate(distribution, commandId, Instant.now().plus(within));
    }

    @Test
    void createsTheInvalidationAndWaitsUntilItIsCompleted() {
        CloudFrontStandIn.invalidation(cloudFront, DISTRIBUTION, commandId, "I2J0I21PCUYOIK", 2);

        Result result = invalidate(distribution(DISTRIBUTION), Duration.ofSeconds(10));

        assertThat(result.completed()).as(result.toString()).isTrue();
        assertThat(result.id()).isEqualTo("I2J0I21PCUYOIK");
        assertThat(result.status()).isEqualTo("Completed");
        assertThat(result.took()).isBetween(Duration.ofMillis(200), Duration.ofSeconds(5));
        cloudFront.verify(
                1,
                postRequestedFor(urlEqualTo(CloudFrontStandIn.API + DISTRIBUTION + "/invalidation"))
                        .withRequestBody(containing("<CallerReference>" + commandId + "</CallerReference>"))
                        .withRequestBody(containing("<Quantity>1</Quantity>"))
                        .withRequestBody(containing("<Path>/*</Path>"))
                        .withHeader(
                                "Authorization",
                                matching("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY
                                        + "/\\d{8}/us-east-1/cloudfront/aws4_request, .*")));
        cloudFront.verify(
                3, getRequestedFor(urlEqualTo(CloudFrontStandIn.API + DISTRIBUTION + "/invalidation/I2J0I21PCUYOIK")));
        assertThat(cloudFront.findAll(postRequestedFor(anyUrl())).stream().map(LoggedRequest::toString))
                .as("the secret key signs requests and is never sent")
                .noneMatch(r -> r.contains(SECRET_KEY));
    }

    @Test
    void anInvalidationStillInProgressAtTheTimeoutFailsNamingIt() {
        CloudFrontStandIn.invalidation(cloudFront, DISTRIBUTION, commandId, "I3STUCKEXAMPLE", -1);

        Result result = invalidate(distribution(DISTRIBUTION), Duration.ofMillis(800));

        assertThat(result.completed()).isFalse();
        assertThat(result.id()).isEqualTo("I3STUCKEXAMPLE");
        assertThat(result.status()).isEqualTo("InProgress");
        assertThat(result.error())
                .startsWith("CloudFront invalidation I3STUCKEXAMPLE of distribution " + DISTRIBUTION
                        + " still InProgress after ");
        assertThat(result.took()).isBetween(Duration.ofMillis(800), Duration.ofSeconds(5));
        assertThat(cloudFront.findAll(getRequestedFor(anyUrl()))).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aRepeatedCommandSendsTheSameCallerReferenceAndGetsTheSameInvalidationBack() {
        CloudFrontStandIn.invalidation(cloudFront, DISTRIBUTION, commandId, "I2J0I21PCUYOIK", 0);

        Result first = invalidate(distribution(DISTRIBUTION), Duration.ofSeconds(10));
        Result again = invalidate(distribution(DISTRIBUTION), Duration.ofSeconds(10));

        assertThat(List.of(first, again))
                .allSatisfy(r -> assertThat(r.completed()).isTrue());
        assertThat(again.id()).isEqualTo(first.id());
        List<LoggedRequest> creates = cloudFront.findAll(
                postRequestedFor(urlEqualTo(CloudFrontStandIn.API + DISTRIBUTION + "/invalidation")));
        assertThat(creates)
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.getBodyAsString())
                        .contains("<CallerReference>" + commandId + "</CallerReference>"));
    }

    @Test
    void anUnknownDistributionFailsWithCloudFrontsErrorAndNoInvalidation() {
        CloudFrontStandIn.noSuchDistribution(cloudFront, "EUNKNOWN0000");

        Result result = invalidate(distribution("EUNKNOWN0000"), Duration.ofSeconds(10));

        assertThat(result.completed()).isFalse();
        assertThat(result.id()).isNull();
        assertThat(result.error())
                .contains("The specified distribution does not exist")
                .doesNotContain(SECRET_KEY);
    }
}
