package dev.runway.sandbox;

/** How the simulated pods of an image behave once scheduled. */
public enum ImageBehaviour {
    /** Pods become Ready and the application answers /health with 200. */
    HEALTHY,
    /** Pods run and are Ready, but the application answers /health with 503. */
    UNHEALTHY,
    /** Pods never become Ready; a rollout to such an image stalls until its progress deadline. */
    CRASH_LOOP;

    boolean becomesReady() {
        return this != CRASH_LOOP;
    }
}
