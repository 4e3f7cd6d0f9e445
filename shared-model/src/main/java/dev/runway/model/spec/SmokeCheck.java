package dev.runway.model.spec;

/**
 * One automated smoke test (runbook Step 7.1): an HTTP GET against the application.
 *
 * @param path         on the application's service URL, which the coordinator's configuration holds: starts with
 *                     {@code /}, never a scheme or host
 * @param bodyContains null, or text the response body must contain
 */
public record SmokeCheck(String name, String path, int expectedStatus, String bodyContains) {}
