package dev.runway.model.spec;

/**
 * One automated smoke test (runbook Step 7.1): an HTTP GET against the application.
 *
 * @param bodyContains null, or text the response body must contain
 */
public record SmokeCheck(String name, String path, int expectedStatus, String bodyContains) {}
