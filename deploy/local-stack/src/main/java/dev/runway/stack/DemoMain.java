package dev.runway.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The README's first command: starts the local stack, runs a release to COMPLETED and two that are rolled back, each
 * started by the demo deployer and voted GO through the API by the four demo voters, and prints the timelines (votes
 * included) and what chat and PagerDuty got.
 */
public final class DemoMain {

    private DemoMain() {}

    public static void main(String[] args) {
        Path root =
                Path.of(System.getProperty("runway.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("deploy/local-stack/target/local-stack");
        Instant bootStart = Instant.now();
        boolean ok = false;
        System.out.println("Starting the local stack (Kafka, PostgreSQL, sandbox [a simulation], five services)...");
        try (LocalStack stack = LocalStack.start(root, work, true)) {
            System.out.printf(
                    "Local stack up in %d s. Coordinator: %s; logs under %s%n",
                    Duration.between(bootStart, Instant.now()).toSeconds(),
                    stack.service(LocalStack.COORDINATOR).url(),
                    work);
            System.out.println("OpenID Connect issuer: " + stack.identity().issuer() + "; demo users (subject: role): "
                    + Arrays.stream(DemoUser.values())
                            .map(u -> u.subject() + ": " + u.role())
                            .collect(Collectors.joining(", "))
                    + ". dana starts each release; lee, sam, kim and alex vote GO through the API.");
            CoordinatorClient coordinator = stack.coordinator();

            System.out.println("\n== Release 1: shop 1.4.0 (healthy) ==");
            JsonNode first = coordinator.awaitEnd(
                    coordinator.startAndVote(DemoReleases.json(DemoReleases.healthy())), Duration.ofMinutes(10));
            System.out.println(TimelinePrinter.render(first));

            System.out.println("== Release 2: shop 1.5.0 (its /health answers 503) ==");
            JsonNode second = coordinator.awaitEnd(
                    coordinator.startAndVote(DemoReleases.json(DemoReleases.failingHealth())), Duration.ofMinutes(10));
            System.out.println(TimelinePrinter.render(second));

            System.out.println("== Release 3: shop 1.7.0 (one request in ten answers 500) ==");
            JsonNode third = coordinator.awaitEnd(
                    coordinator.startAndVote(DemoReleases.json(DemoReleases.errorRate())), Duration.ofMinutes(10));
            System.out.println(TimelinePrinter.render(third));

            System.out.println("== Chat (Slack webhook stand-in) received ==");
            stack.stub().chatMessages().forEach(m -> System.out.println("---\n" + m));
            System.out.println("== PagerDuty Events API v2 stand-in received ==");
            stack.stub()
                    .pagerDutyEvents()
                    .forEach(e -> System.out.println(e.path("event_action").asText() + " "
                            + e.path("dedup_key").asText() + " "
                            + e.path("payload").path("summary").asText("")));

            ok = "COMPLETED".equals(first.path("status").asText())
                    && "ROLLED_BACK".equals(second.path("status").asText())
                    && "ROLLED_BACK".equals(third.path("status").asText())
                    && "ERROR_RATE_SUSTAINED"
                            .equals(third.path("rollback").path("trigger").asText());
            System.out.println(
                    ok
                            ? "\nDEMO OK: release 1 COMPLETED, release 2 ROLLED_BACK, release 3 ROLLED_BACK"
                                    + " (ERROR_RATE_SUSTAINED)"
                            : "\nDEMO FAILED: release 1 " + first.path("status").asText() + ", release 2 "
                                    + second.path("status").asText() + ", release 3 "
                                    + third.path("status").asText() + " ("
                                    + third.path("rollback").path("trigger").asText("no rollback") + ")");
        }
        System.exit(ok ? 0 : 1);
    }
}
