package dev.runway.coordinator.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.spec.ReleaseSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReleaseSpecValidatorTest {

    static String example() throws IOException {
        try (InputStream in = ReleaseSpecValidatorTest.class.getResourceAsStream("/release-spec.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDocumentedExampleIsValid() throws Exception {
        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(example())))
                .isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() throws Exception {
        String broken = example()
                .replace("\"application\" : \"shop\"", "\"application\" : \"Shop App\"")
                .replace("\"digest\" : \"sha256:5f0c", "\"digest\" : \"md5:5f0c")
                .replace("\"path\" : \"/api/v1/products\"", "\"path\" : \"api/v1/products\"")
                .replace("\"id\" : \"20261126_002\"", "\"id\" : \"20261126_001\"")
                .replace("\"smokePassRatePercent\" : 95", "\"smokePassRatePercent\" : 140");

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(broken)))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "application",
                        "image.digest",
                        "smokeChecks[1].path",
                        "database.migrations[1].id",
                        "thresholds.smokePassRatePercent");
    }

    @Test
    void aSpecWithoutSmokeChecksIsRejectedBecausePhaseSevenCannotBeSkipped() throws Exception {
        ReleaseSpec spec = ReleaseSpecParser.parse(example());
        ReleaseSpec noSmoke = new ReleaseSpec(
                spec.application(),
                spec.environment(),
                spec.version(),
                spec.image(),
                spec.kubernetes(),
                spec.service(),
                spec.database(),
                spec.configuration(),
                spec.caches(),
                null,
                spec.thresholds(),
                spec.notifications());

        assertThat(ReleaseSpecValidator.validate(noSmoke))
                .extracting(Violation::field)
                .containsExactly("smokeChecks");
    }

    @Test
    void missingSectionsAreRequired() throws Exception {
        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse("{\"application\":\"shop\"}")))
                .extracting(Violation::field)
                .contains("environment", "version", "image", "kubernetes", "service", "smokeChecks");
    }

    @Test
    void theParserNamesTheFieldOfAWrongType() {
        assertThatThrownBy(() -> ReleaseSpecParser.parse("{\"smokeChecks\": [{\"expectedStatus\": \"two hundred\"}]}"))
                .isInstanceOfSatisfying(
                        ReleaseSpecParser.InvalidSpecException.class,
                        e -> assertThat(e.violations().get(0).field()).isEqualTo("smokeChecks[0].expectedStatus"));
    }

    /** The example's guards section with its first rule (error-rate-immediate) written as {@code rule}. */
    static String withFirstRule(String rule) throws IOException {
        String example = example();
        int start = example.indexOf("\"rules\" : [ {") + "\"rules\" : [ ".length();
        int end = example.indexOf("}", start) + 1;
        return example.substring(0, start) + rule + example.substring(end);
    }

    static String immediateRule(double threshold, long window, long interval, String severity) {
        return "{\"name\":\"error-rate-immediate\",\"metric\":\"ERROR_RATE\",\"threshold\":" + threshold
                + ",\"windowSeconds\":" + window + ",\"intervalSeconds\":" + interval + ",\"severity\":\"" + severity
                + "\",\"trigger\":\"ERROR_RATE_SUSTAINED\"}";
    }

    @Test
    void aSpecMayTightenTheImmediateRuleAndShortenItsWindowForADemo() throws Exception {
        String tighter = withFirstRule(immediateRule(0.02, 10, 1, "IMMEDIATE"));

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(tighter)))
                .isEmpty();
    }

    @Test
    void aSpecMayNotLoosenTheImmediateRuleAndEachLooserFieldIsNamed() throws Exception {
        String looser = withFirstRule(immediateRule(0.10, 120, 10, "EVALUATE"));

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(looser)))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "guards.rules[0].threshold",
                        "guards.rules[0].windowSeconds",
                        "guards.rules[0].intervalSeconds",
                        "guards.rules[0].severity");
    }

    @Test
    void aSpecMayShortenAnEvaluateRulesWindowAndAddRulesOfItsOwn() throws Exception {
        String shorter = withFirstRule(immediateRule(0.05, 60, 5, "IMMEDIATE")
                + ", {\"name\":\"error-rate-evaluate\",\"metric\":\"ERROR_RATE\",\"threshold\":0.01,"
                + "\"windowSeconds\":15,\"intervalSeconds\":1,\"severity\":\"EVALUATE\","
                + "\"trigger\":\"ERROR_RATE_ELEVATED\"}");

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(shorter)))
                .isEmpty();
    }

    @Test
    void guardRulesStayWithinTheirBounds() throws Exception {
        String outOfBounds = withFirstRule(
                        "{\"name\":\"mine\",\"metric\":\"LATENCY_P99\",\"threshold\":-1,\"windowSeconds\":7200,"
                                + "\"intervalSeconds\":0,\"severity\":\"EVALUATE\",\"trigger\":\"LATENCY_ABOVE_THRESHOLD\"}")
                .replace("\"hypercareSeconds\" : 1800", "\"hypercareSeconds\" : -5, \"observationSeconds\" : 0");

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(outOfBounds)))
                .extracting(Violation::field)
                .containsExactlyInAnyOrder(
                        "guards.rules[0].threshold",
                        "guards.rules[0].windowSeconds",
                        "guards.rules[0].intervalSeconds",
                        "guards.hypercareSeconds",
                        "guards.observationSeconds");
    }
}
