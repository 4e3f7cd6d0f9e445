package dev.runway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void anInvalidSpecShowsTitleStatusAndEachFieldWithItsMessage() {
        String body = """
                {"type":"https://runway.dev/problems/invalid-release-spec","title":"Invalid release spec","status":400,
                 "detail":"`smokeChecks` has 51 entries; at most 50; `image.tag` is not accepted: pin a digest",
                 "errors":[{"field":"smokeChecks","message":"has 51 entries; at most 50"},
                           {"field":"image.tag","message":"is not accepted: pin a digest"}]}
                """;

        assertThat(Problem.parse(400, body).render())
                .isEqualTo(String.join(
                        System.lineSeparator(),
                        "error: Invalid release spec (HTTP 400)",
                        "  - smokeChecks: has 51 entries; at most 50",
                        "  - image.tag: is not accepted: pin a digest"));
    }

    @Test
    void aDetailThatSaysMoreThanTheViolationsIsShown() {
        String body = """
                {"title":"Another release is active","status":409,
                 "detail":"release 42 (version 1.3.2) of shop to production is still running",
                 "activeRelease":"42"}
                """;

        assertThat(Problem.parse(409, body).render())
                .isEqualTo(String.join(
                        System.lineSeparator(),
                        "error: Another release is active (HTTP 409)",
                        "  release 42 (version 1.3.2) of shop to production is still running",
                        "  active release: 42 (runway release status 42)"));
    }

    @Test
    void anAnswerThatIsNotAProblemStillReadsAsAnError() {
        Problem problem = Problem.parse(502, "<html><body>Bad Gateway</body></html>");

        assertThat(problem.render())
                .isEqualTo("error: HTTP 502" + System.lineSeparator() + "  <html><body>Bad Gateway</body></html>");
        assertThat(Problem.parse(401, "").render()).isEqualTo("error: HTTP 401");
    }

    @Test
    void aRefusedTokenMeansSigningInAgain() {
        CliException failure = Api.failure(401, "");

        assertThat(failure.exitCode()).isEqualTo(ExitCodes.NOT_SIGNED_IN);
        assertThat(failure.getMessage()).contains("run runway login again");
        assertThat(Api.failure(409, "{\"title\":\"Refused\",\"status\":409}").exitCode())
                .isEqualTo(ExitCodes.ERROR);
    }
}
