package dev.runway.coordinator.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.runway.model.RunwayJson;
import dev.runway.model.spec.DatabaseVerification;
import dev.runway.model.spec.ReleaseSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

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
    void aMigrationMaySetItsOwnLockAndStatementTimeoutsButNotNegativeOnes() throws Exception {
        String bounded = example()
                .replace(
                        "\"id\" : \"20261126_002\"",
                        "\"id\" : \"20261126_002\", \"lockTimeoutSeconds\" : 2," + " \"statementTimeoutSeconds\" : 0");
        String negative = example()
                .replace(
                        "\"id\" : \"20261126_002\"",
                        "\"id\" : \"20261126_002\", \"lockTimeoutSeconds\" : -1,"
                                + " \"statementTimeoutSeconds\" : -5");

        assertThat(ReleaseSpecParser.parse(bounded).migrations().get(1).lockTimeoutSeconds())
                .isEqualTo(2);
        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(bounded)))
                .isEmpty();
        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(negative)))
                .extracting(Violation::field)
                .containsExactly("migrations[1].lockTimeoutSeconds", "migrations[1].statementTimeoutSeconds");
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
                        "migrations[1].id",
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
                spec.migrations(),
                spec.configuration(),
                null,
                spec.thresholds(),
                spec.guards());

        assertThat(ReleaseSpecValidator.validate(noSmoke))
                .extracting(Violation::field)
                .containsExactly("smokeChecks");
    }

    @Test
    void theReleasesVerificationIsCheckedFieldByField() throws Exception {
        String verification = ",\"verification\":{\"expectedColumns\":{\"orders\":[\"id\",\"id\"],"
                + "\"a.b.c\":[]},\"checks\":["
                + "{\"name\":\"no_negative_totals\",\"sql\":\"SELECT id FROM orders WHERE total < 0;\"},"
                + "{\"name\":\"no_negative_totals\",\"sql\":\"SELECT 1; DELETE FROM orders\"},"
                + "{\"name\":\"empty\",\"sql\":\" \"}]}";
        String spec = example().strip();
        spec = spec.substring(0, spec.length() - 1) + verification + "}";

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(spec)))
                .extracting(v -> v.field() + " " + v.message())
                .containsExactlyInAnyOrder(
                        "verification.expectedColumns.orders lists 'id' twice",
                        "verification.expectedColumns has a table name 'a.b.c' that is neither 'table' nor"
                                + " 'schema.table'",
                        "verification.checks[1].name 'no_negative_totals' appears twice",
                        "verification.checks[1].sql must be one query without ';' inside it (a trailing one is"
                                + " allowed; write chr(59) for the character): it runs in a read-only transaction that"
                                + " a second statement could leave",
                        "verification.checks[2].sql is required");
    }

    @Test
    void aVerificationWithoutMigrationsIsRefusedBecauseNothingWouldRunIt() throws Exception {
        ReleaseSpec spec = ReleaseSpecParser.parse(example());
        ReleaseSpec withoutMigrations = new ReleaseSpec(
                spec.application(),
                spec.environment(),
                spec.version(),
                spec.image(),
                null,
                spec.configuration(),
                spec.smokeChecks(),
                spec.thresholds(),
                spec.guards(),
                new DatabaseVerification(Map.of("orders", List.of("id")), null));

        assertThat(ReleaseSpecValidator.validate(withoutMigrations))
                .extracting(Violation::field)
                .containsExactly("verification");
    }

    /**
     * Runbook Step R3: a migration that cannot be undone by SQL leaves rollbackSql out (it is rolled back from the
     * backup); one marked expand-only may not take anything away from the schema.
     */
    @Test
    void rollbackSqlMayBeLeftOutAndAnExpandOnlyMigrationOnlyAdds() throws Exception {
        String spec = example()
                .replace(
                        ",\n    \"rollbackSql\" : \"ALTER TABLE customer DROP COLUMN loyalty_points\"",
                        ",\n    \"backwardCompatible\" : true")
                .replace(
                        "\"rollbackSql\" : \"DROP INDEX customer_loyalty_points\"",
                        "\"rollbackSql\" : \"DROP INDEX x\"");
        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(spec))).isEmpty();
        assertThat(ReleaseSpecParser.parse(spec).migrations().get(0).expandOnly())
                .isTrue();

        String contracting = spec.replace(
                        "\"sql\" : \"CREATE INDEX customer_loyalty_points ON customer (loyalty_points)\"",
                        "\"sql\" : \"ALTER TABLE customer DROP COLUMN legacy_points\", \"backwardCompatible\" : true")
                .replace("\"rollbackSql\" : \"DROP INDEX x\"", "\"rollbackSql\" : \" \"");
        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(contracting)))
                .extracting(v -> v.field() + " " + v.message())
                .containsExactlyInAnyOrder(
                        "migrations[1].rollbackSql is blank; leave it out when the migration cannot be undone by SQL",
                        "migrations[1].backwardCompatible is true, but the sql says DROP: an expand-only migration"
                                + " only adds, so the previous version runs on its schema");
    }

    @Test
    void missingSectionsAreRequired() throws Exception {
        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse("{\"application\":\"shop\"}")))
                .extracting(Violation::field)
                .contains("environment", "version", "image", "smokeChecks");
    }

    @ParameterizedTest
    @CsvSource({
        "service, '{\"baseUrl\":\"http://10.0.0.7:8080\"}'",
        "kubernetes, '{\"namespace\":\"kube-system\",\"deployment\":\"coredns\",\"container\":\"coredns\"}'",
        "database, '{\"database\":\"db.internal:5432/billing\",\"migrations\":[]}'",
        "caches, '[{\"type\":\"REDIS\",\"name\":\"sessions\"}]'",
        "notifications, '{\"chatChannel\":\"general\",\"pagerDutyService\":\"x\"}'"
    })
    void aSpecNamingWhereItGoesIsRefusedNamingTheFieldAndWhy(String field, String value) throws Exception {
        String aimed = example().replaceFirst("\\{", "{ \"" + field + "\" : " + value + ",");

        assertThatThrownBy(() -> ReleaseSpecParser.parse(aimed))
                .isInstanceOfSatisfying(
                        ReleaseSpecParser.InvalidSpecException.class,
                        e -> assertThat(e.violations()).singleElement().satisfies(v -> {
                            assertThat(v.field()).isEqualTo(field);
                            assertThat(v.message())
                                    .isEqualTo("is not accepted: where a release goes is configured on the"
                                            + " server per application and environment"
                                            + (field.equals("database")
                                                    ? "; list schema changes in 'migrations'"
                                                    : ""));
                        }));
    }

    @Test
    void aConfigMapNameOrAnImageTagInTheSpecIsRefusedByItsPath() throws Exception {
        String configMap = example()
                .replace("\"restartRequired\" : true", "\"configMap\" : \"kube-proxy\", \"restartRequired\" : true");
        String tag = example().replace("\"digest\" : ", "\"tag\" : \"latest\", \"digest\" : ");

        assertThatThrownBy(() -> ReleaseSpecParser.parse(configMap))
                .isInstanceOfSatisfying(
                        ReleaseSpecParser.InvalidSpecException.class,
                        e -> assertThat(e.violations().get(0).field()).isEqualTo("configuration.configMap"));
        assertThatThrownBy(() -> ReleaseSpecParser.parse(tag))
                .isInstanceOfSatisfying(
                        ReleaseSpecParser.InvalidSpecException.class,
                        e -> assertThat(e.violations().get(0).message()).contains("pinned by its digest"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"http://evil.example/steal", "//evil.example/steal", "https:/x", "\\\\evil\\share", "health"})
    void aSmokeCheckIsAPathOnTheConfiguredServiceNotAnAddress(String path) throws Exception {
        String aimed = example()
                .replace(
                        "\"path\" : \"/api/v1/products\"",
                        "\"path\" : " + RunwayJson.wire().writeValueAsString(path));

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(aimed)))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo("smokeChecks[1].path");
                    assertThat(v.message()).contains("without scheme or host");
                });
    }

    @Test
    void aSmokePathMayCarryAQuery() throws Exception {
        String query =
                example().replace("\"/api/v1/products\"", "\"/api/v1/products?page=2&ref=https://shop.example\"");

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(query)))
                .isEmpty();
    }

    /** The example's second smoke check (a GET of /api/v1/products) with {@code fields} (a JSON object's) added. */
    static String withSmokeFields(String fields) throws IOException {
        return example()
                .replace(
                        "\"path\" : \"/api/v1/products\"",
                        "\"path\" : \"/api/v1/products\", " + fields.substring(1, fields.length() - 1));
    }

    @Test
    void aSmokeCheckMayPostJsonWithHeadersACredentialsNameAndAnExpectedValueAndAskForALatencySeries() throws Exception {
        String suite = withSmokeFields(
                        "{\"method\":\"POST\",\"headers\":{\"Content-Type\":\"application/json\","
                                + "\"X-Request-Source\":\"runway smoke\"},\"body\":\"{\\\"sku\\\":\\\"A-100\\\"}\","
                                + "\"credential\":\"checkout-bot\",\"jsonPath\":\"$.items[0]['sku']\",\"jsonEquals\":\"A-100\"}")
                .replace(
                        "\"path\" : \"/\"",
                        "\"path\" : \"/health\", \"method\" : \"HEAD\", \"latency\" : { \"requests\" : 20 }")
                .replace(
                        "\"maxResponseTimeMillis\" : 500",
                        "\"maxResponseTimeMillis\" : 500, \"latency\" : { \"p95Millis\" : 300 }");

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(suite)))
                .isEmpty();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"method\":\"CONNECT\"}|smokeChecks[1].method|must be GET, HEAD, POST, PUT, PATCH or DELETE",
                "{\"method\":\"post\"}|smokeChecks[1].method|must be GET, HEAD, POST, PUT, PATCH or DELETE",
                "{\"headers\":{\"Authorization\":\"Bearer abc\"}}|smokeChecks[1].headers.Authorization"
                        + "|is not accepted: a credential never travels in a spec",
                "{\"headers\":{\"cookie\":\"session=abc\"}}|smokeChecks[1].headers.cookie"
                        + "|is not accepted: a credential never travels in a spec",
                "{\"headers\":{\"Host\":\"evil.example\"}}|smokeChecks[1].headers.Host"
                        + "|is not accepted: the HTTP client sets it",
                "{\"headers\":{\"X-A\":\"a\\r\\nX-B: b\"}}|smokeChecks[1].headers.X-A|must be one line",
                "{\"headers\":{\"X A\":\"a\"}}|smokeChecks[1].headers|has a name that is not an HTTP header name",
                "{\"body\":\"{}\"}|smokeChecks[1].body|must be left out: a GET sends no body",
                "{\"credential\":\"checkout bot\"}|smokeChecks[1].credential|must be the name of a credential",
                "{\"jsonPath\":\"$.items[*].id\",\"jsonEquals\":\"1\"}|smokeChecks[1].jsonPath"
                        + "|must be a path such as $.items[0].id",
                "{\"jsonEquals\":\"1\"}|smokeChecks[1].jsonPath|is required with 'jsonEquals'",
                "{\"jsonPath\":\"$.id\"}|smokeChecks[1].jsonEquals|is required with 'jsonPath'",
                "{\"method\":\"POST\",\"latency\":{}}|smokeChecks[1].latency|is only for GET or HEAD",
                "{\"latency\":{\"requests\":0}}|smokeChecks[1].latency.requests|must be between 1 and 100",
                "{\"method\":\"HEAD\"}|smokeChecks[1].bodyContains|must be left out: a HEAD is answered without",
            })
    void aBadSmokeRequestIsRefusedNamingItsField(String fields, String field, String message) throws Exception {
        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(withSmokeFields(fields))))
                .singleElement()
                .satisfies(v -> {
                    assertThat(v.field()).isEqualTo(field);
                    assertThat(v.message()).startsWith(message);
                });
    }

    @Test
    void theLatencySeriesThresholdsStayWithinTheirBounds() throws Exception {
        String outOfBounds = example()
                .replace(
                        "\"maxResponseTimeMillis\" : 500",
                        "\"maxResponseTimeMillis\" : 500, \"latency\" : { \"requests\" : 101, \"p99Millis\" : 0 }");

        assertThat(ReleaseSpecValidator.validate(ReleaseSpecParser.parse(outOfBounds)))
                .extracting(Violation::field)
                .containsExactly("thresholds.latency.requests", "thresholds.latency.p99Millis");
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
