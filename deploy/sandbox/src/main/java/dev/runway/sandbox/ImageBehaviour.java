package dev.runway.sandbox;

/** How the simulated pods of an image behave once scheduled. */
public enum ImageBehaviour {
    /** Pods become Ready and the application answers /health with 200. */
    HEALTHY,
    /** Pods run and are Ready, but the application answers /health with 503. */
    UNHEALTHY,
    /** Pods never become Ready; a rollout to such an image stalls until its progress deadline. */
    CRASH_LOOP,
    /**
     * Pods never become Ready: the container is killed for exceeding its memory limit (last state terminated,
     * reason {@code OOMKilled}, exit code 137) and restarted with back-off; a rollout stalls like a crash loop.
     */
    OOM_KILLED;

    boolean becomesReady() {
        return switch (this) {
            case HEALTHY, UNHEALTHY -> true;
            case CRASH_LOOP, OOM_KILLED -> false;
        };
    }
}
