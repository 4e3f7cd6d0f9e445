package dev.runway.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplicationHandlerTest {

    @Test
    void labelsARequestWithItsRouteAndEveryUnknownPathAsNotFound() {
        assertThat(ApplicationHandler.route("/api/v1/products")).isEqualTo("/api/v1/products");
        assertThat(ApplicationHandler.route("/health")).isEqualTo("/health");
        assertThat(ApplicationHandler.route("/")).isEqualTo("/");
        assertThat(ApplicationHandler.route("/no-such-page/42")).isEqualTo(ApplicationHandler.NOT_FOUND_ROUTE);
    }
}
