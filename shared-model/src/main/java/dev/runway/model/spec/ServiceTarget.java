package dev.runway.model.spec;

/**
 * Where the application answers: {@code baseUrl + "/health"} and so on.
 */
public record ServiceTarget(String baseUrl) {}
