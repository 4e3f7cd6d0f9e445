package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplicationHandlerTest {

    @Test
    void labelsARequestWithItsRouteAndEveryUnknownPathAsNotFound() {
        assertThat(ApplicationHandler.route("/api/v1/products")).isEqualTo("/api/v1/products");
        assertThat(ApplicationHandler.route("/health")).isEqualTo("/health");
        assertThat(ApplicationHandler.route("/api/v1/integrations/payments/health"))
                .isEqualTo("/api/v1/integrations/:name/health");
        assertThat(ApplicationHandler.route("/api/v1/integrations/../health")).isEqualTo("NOT_FOUND");
        assertThat(ApplicationHandler.route("/")).isEqualTo("/");
        assertThat(ApplicationHandler.route("/no-such-page/42")).isEqualTo(ApplicationHandler.NOT_FOUND_ROUTE);
        assertThat(ApplicationHandler.route("/api/v1/cart")).isEqualTo("/api/v1/cart");
    }

    @Test
    void theCartTakesAJsonPostWithABearerTokenAndAnswersWithTheItem() {
        String item = "{\"productId\": 2, \"quantity\": 3}";

        assertThat(ApplicationHandler.cart("POST", "Bearer demo", item, "1.5.0"))
                .extracting(ApplicationHandler.Answer::status, ApplicationHandler.Answer::body)
                .containsExactly(201, "{\"items\":[{\"productId\":2,\"quantity\":3}],\"version\":\"1.5.0\"}");
        assertThat(ApplicationHandler.cart("POST", null, item, "1.5.0").status())
                .isEqualTo(401);
        assertThat(ApplicationHandler.cart("GET", "Bearer demo", "", "1.5.0").status())
                .isEqualTo(405);
        assertThat(ApplicationHandler.cart("POST", "Bearer demo", "{}", "1.5.0").status())
                .isEqualTo(400);
    }
}
