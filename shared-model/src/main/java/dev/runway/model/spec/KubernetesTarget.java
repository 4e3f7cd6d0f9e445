package dev.runway.model.spec;

/** Which container of which Deployment a release changes. */
public record KubernetesTarget(String namespace, String deployment, String container) {}
