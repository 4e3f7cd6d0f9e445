package dev.runway.validator.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.runway.model.Phase;
import dev.runway.model.RollbackTrigger;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.Measurement;
import dev.runway.model.event.StepSucceeded;
import dev.runway.model.event.ThresholdBreached;
import dev.runway.validator.ValidationCommandHandler;
import dev.runway.validator.ValidatorFixtures;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Phase 5's load-balancer check with the real AWS SDK v2 ELBv2 client, pointed through its endpoint override at a
 * WireMock that answers {@code DescribeTargetHealth} as the Query API documents it: a form-encoded POST signed with
 * Signature Version 4, answered in XML in the {@code 2015-12-01} namespace.
 */
class TargetHealthIT {

    private static final String ARN =
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/shop-production/50dc6c495c0c9188";
    private static final String ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static WireMockServer elb;
    private static ValidationCommandHandler handler;

    @BeforeAll
    static void startElb() {
        elb = new WireMockServer(options().dynamicPort());
        elb.start();
        handler = ValidatorFixtures.handler(Map.of(
                "runway.validator.environments.\"production\".load-balancer.endpoint-override", elb.baseUrl(),
                "runway.validator.environments.\"production\".load-balancer.access-key-id", ACCESS_KEY_ID,
                "runway.validator.environments.\"production\".load-balancer.secret-access-key", SECRET));
    }

    @AfterAll
    static void stopElb() {
        elb.stop();
    }

    @BeforeEach
    void forget() {
        elb.resetAll();
    }

    @Test
    void threeHealthyTargetsPassServiceValidation() {
        answer(target("10.0.1.15", "healthy", null, null)
                + target("10.0.2.23", "healthy", null, null)
                + target("10.0.3.31", "healthy", null, null));

        EventBody verdict = validate();

        assertThat(verdict).isInstanceOf(StepSucceeded.class);
        StepSucceeded passed = (StepSucceeded) verdict;
        assertThat(passed.summary())
                .isEqualTo("1 of 1 checks passed (100%); 3 of 3 targets healthy in shop-production");
        assertThat(passed.measurements())
                .extracting(Measurement::name, Measurement::value, Measurement::unit, Measurement::status)
                .containsExactly(tuple("target-health", "3 of 3", "targets", Measurement.Status.SUCCESSFUL));
        // the SDK asked as the Query API documents it, signed for the ARN's region with the environment's key
        elb.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
                .withHeader(
                        "Authorization",
                        matching("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID
                                + "/\\d{8}/eu-west-1/elasticloadbalancing/aws4_request, .*"))
                .withRequestBody(containing("Action=DescribeTargetHealth"))
                .withRequestBody(containing("Version=2015-12-01"))
                .withRequestBody(containing("TargetGroupArn=" + URLEncoder.encode(ARN, StandardCharsets.UTF_8))));
    }

    @Test
    void anUnhealthyTargetFailsServiceValidationNamingItAndItsReason() {
        answer(target("10.0.1.15", "healthy", null, null)
                + target(
                        "10.0.2.23",
                        "unhealthy",
                        "Target.ResponseCodeMismatch",
                        "Health checks failed with these codes: [500]")
                + target("10.0.3.31", "healthy", null, null));

        EventBody verdict = validate();

        assertThat(verdict).isInstanceOf(ThresholdBreached.class);
        ThresholdBreached breach = (ThresholdBreached) verdict;
        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.TARGETS_UNHEALTHY);
        assertThat(breach.reason())
                .isEqualTo("2 of 3 targets healthy in shop-production; 10.0.2.23:8080 unhealthy"
                        + " (Target.ResponseCodeMismatch: Health checks failed with these codes: [500])");
    }

    @Test
    void anErrorFromElbFailsTheCheckWithoutAValue() {
        elb.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "text/xml")
                        .withBody("<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
                                + "<Error><Type>Sender</Type><Code>TargetGroupNotFound</Code>"
                                + "<Message>One or more target groups not found</Message></Error>"
                                + "<RequestId>a1b2c3d4-0000-0000-0000-000000000000</RequestId></ErrorResponse>")));

        EventBody verdict = validate();

        assertThat(verdict).isInstanceOf(ThresholdBreached.class);
        ThresholdBreached breach = (ThresholdBreached) verdict;
        assertThat(breach.trigger()).isEqualTo(RollbackTrigger.TARGETS_UNHEALTHY);
        assertThat(breach.reason())
                .startsWith("target-health not measured: the load balancer of environment production could not be"
                        + " read: TargetGroupNotFoundException: One or more target groups not found")
                .doesNotContain(SECRET);
        assertThat(breach.measurements()).extracting(Measurement::status).containsExactly(Measurement.Status.ERROR);
    }

    private static EventBody validate() {
        return ValidatorFixtures.verdict(
                handler,
                Phase.SERVICE_VALIDATION,
                new RunChecks(
                        "http://127.0.0.1:1",
                        List.of(Check.targetHealth("target-health", ARN)),
                        null,
                        100,
                        500,
                        "production",
                        List.of()));
    }

    /** The documented answer (ELBv2 API Reference, DescribeTargetHealth, "Example"), with the given members. */
    private static void answer(String members) {
        elb.stubFor(post(urlEqualTo("/"))
                .withRequestBody(containing("Action=DescribeTargetHealth"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 .*"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withHeader("x-amzn-RequestId", "c534f810-f389-11e5-9192-3fff33344cfa")
                        .withBody("<DescribeTargetHealthResponse"
                                + " xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">\n"
                                + "  <DescribeTargetHealthResult>\n"
                                + "    <TargetHealthDescriptions>\n"
                                + members
                                + "    </TargetHealthDescriptions>\n"
                                + "  </DescribeTargetHealthResult>\n"
                                + "  <ResponseMetadata>\n"
                                + "    <RequestId>c534f810-f389-11e5-9192-3fff33344cfa</RequestId>\n"
                                + "  </ResponseMetadata>\n"
                                + "</DescribeTargetHealthResponse>\n")));
    }

    private static String target(String ip, String state, String reason, String description) {
        return "      <member>\n"
                + "        <HealthCheckPort>8080</HealthCheckPort>\n"
                + "        <TargetHealth>\n"
                + (description == null ? "" : "          <Description>" + description + "</Description>\n")
                + "          <State>" + state + "</State>\n"
                + (reason == null ? "" : "          <Reason>" + reason + "</Reason>\n")
                + "        </TargetHealth>\n"
                + "        <Target>\n"
                + "          <Port>8080</Port>\n"
                + "          <Id>" + ip + "</Id>\n"
                + "        </Target>\n"
                + "      </member>\n";
    }
}
