package dev.runway.sandbox;

import java.util.Objects;

/**
 * One image the simulated registry holds.
 *
 * @param reference  {@code host/repository:tag} as written in a pod template
 * @param repository the repository name without the registry host, as used on the OCI distribution API
 * @param tag        the tag, also the version the simulated application reports
 * @param digest     {@code sha256:<64 hex>}
 * @param behaviour  how pods running this image behave
 * @param requests   how its Ready pods answer application requests (errors, latency)
 */
public record CatalogueEntry(
        String reference,
        String repository,
        String tag,
        String digest,
        ImageBehaviour behaviour,
        RequestProfile requests) {

    public CatalogueEntry {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(behaviour, "behaviour");
        Objects.requireNonNull(requests, "requests");
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
            throw new IllegalArgumentException("digest must be sha256:<64 lowercase hex>, got " + digest);
        }
    }
}
