package dev.runway.stack;

import dev.runway.infra.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The README's "keep the stack running" command: starts the local stack, prints where everything listens, and
 * runs until Ctrl-C or SIGTERM, then stops every process it started. Releases are the user's: {@code POST
 * /releases} with their own spec.
 *
 * <p>Arguments: {@code --free-ports} (ephemeral ports instead of the documented ones, for tests) and {@code
 * --work-dir=<dir>} (logs, service configuration, kubeconfig).
 */
public final class UpMain {

    /** Starts the last line printed at start, once every service answers its readiness check. */
    static final String READY = "READY:";

    static final String EXAMPLE_SPEC = "deploy/local-stack/examples/shop-1.4.0.json";

    /** How long children that outlived the stack's own stop get after SIGTERM, before SIGKILL. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private UpMain() {}

    public static void main(String[] args) throws InterruptedException {
        Path root =
                Path.of(System.getProperty("runway.root", ".")).toAbsolutePath().normalize();
        Path work = root.resolve("deploy/local-stack/target/local-stack");
        boolean freePorts = false;
        for (String arg : args) {
            if (arg.equals("--free-ports")) {
                freePorts = true;
            } else if (arg.startsWith("--work-dir=")) {
                work = Path.of(arg.substring("--work-dir=".length())).toAbsolutePath();
            } else {
                throw new IllegalArgumentException(
                        "unknown argument " + arg + "; known: --free-ports, --work-dir=<dir>");
            }
        }

        Instant bootStart = Instant.now();
        System.out.println("Starting the local stack (Kafka, PostgreSQL, sandbox [a simulation], chat/PagerDuty"
                + " stand-ins, five services)...");
        LocalStack stack = LocalStack.start(root, work, !freePorts);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stop(stack);
                            stopped.countDown();
                        },
                        "runway-up-stop"));
        Path kubeconfig = writeKubeconfig(work, stack.sandbox().kubernetesUrl());
        Path tokens = writeTokens(work, stack.identity());
        printAddresses(stack, root, work, kubeconfig, tokens, freePorts, Duration.between(bootStart, Instant.now()));
        stopped.await();
    }

    private static void printAddresses(
            LocalStack stack,
            Path root,
            Path work,
            Path kubeconfig,
            Path tokens,
            boolean freePorts,
            Duration bootTime) {
        long pid = ProcessHandle.current().pid();
        String coordinator = stack.service(LocalStack.COORDINATOR).url();
        String stub = stack.stub().eventsUrl().replace("/v2/enqueue", "");
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "%nRunway local stack up in %d s (pid %d). Logs and each service's configuration: %s%n",
                bootTime.toSeconds(), pid, work));
        stack.services().forEach(s -> line(out, s.name(), s.url()));
        line(out, "kafka bootstrap", stack.kafka().bootstrapServers());
        line(out, "kubernetes API", stack.sandbox().kubernetesUrl() + "  (the sandbox, a simulation)");
        line(out, "kubeconfig", kubeconfig.toString());
        line(out, "sandbox app", stack.sandbox().appBaseUrl("production", "shop") + "  (shop, namespace production)");
        line(out, "OCI registry", stack.sandbox().registryUrl() + "/v2/");
        line(out, "prometheus", stack.prometheus().url() + "  (Debian's Prometheus, scraping the shop app every 1 s)");
        line(out, "chat stub", stub + "/services/...  (Slack incoming webhook stand-in)");
        line(out, "PagerDuty stub", stack.stub().eventsUrl() + "  (Events API v2 stand-in)");
        line(out, "stub requests", stub + "/__admin/requests  (what chat and PagerDuty received)");
        line(
                out,
                "OIDC issuer",
                stack.identity().issuer() + "  (discovery, JWKS; audience " + IdentityProvider.AUDIENCE + ")");
        for (DemoUser user : DemoUser.values()) {
            line(out, "user " + user.subject(), user.role() + "  token: " + tokens.resolve(user.subject()));
        }
        line(out, "runway database", stack.postgres().jdbcUrl("runway") + "  user " + PostgresServer.USER);
        line(
                out,
                "shop database",
                stack.postgres().jdbcUrl(LocalStack.SHOP_DATABASE) + "  user " + PostgresServer.USER);
        line(
                out,
                "secrets",
                "not printed; the password, webhook URL and routing key are in <service>/config/application.properties"
                        + " under " + work + " (owner-only)");
        String as = "-H \"Authorization: Bearer $(cat " + tokens + "/%s)\"";
        out.append(String.format(
                "%nStart a release: curl -i -X POST %s/releases %s -H 'Content-Type: application/json' -d @%s%n",
                coordinator, String.format(as, DemoUser.DANA.subject()), root.resolve(EXAMPLE_SPEC)));
        if (freePorts) {
            out.append("  (the example targets port 18080: set its service.baseUrl to the sandbox app above)\n");
        }
        out.append(String.format(
                "Vote GO:         curl -X POST %s/releases/<id>/votes %s -H 'Content-Type: application/json'"
                        + " -d '{\"role\":\"DEPLOYMENT_LEAD\",\"decision\":\"GO\"}'%n"
                        + "                 (sam DEVOPS_ENGINEER, alex ENGINEERING_MANAGER, kim DATABASE_ADMINISTRATOR"
                        + " with \"migrationsHash\" from GET /releases/<id>)%n",
                coordinator, String.format(as, DemoUser.LEE.subject())));
        out.append(String.format(
                "Watch it:        curl %s/releases/<id> %s%n", coordinator, String.format(as, DemoUser.VAL.subject())));
        out.append(String.format("                 kubectl --kubeconfig %s get deploy -A%n", kubeconfig));
        out.append(String.format("%s the local stack runs until Ctrl-C or kill -TERM %d%n", READY, pid));
        System.out.print(out);
        System.out.flush();
    }

    private static void line(StringBuilder out, String what, String where) {
        out.append(String.format("  %-16s %s%n", what, where));
    }

    /**
     * The demo users' bearer tokens, one owner-only file each: they are secrets for as long as the stack runs, so the
     * console shows where they are rather than what they are.
     */
    static Path writeTokens(Path work, IdentityProvider identity) {
        Path dir = work.resolve("tokens");
        try {
            Files.createDirectories(dir);
            for (DemoUser user : DemoUser.values()) {
                Path file = dir.resolve(user.subject());
                Files.deleteIfExists(file);
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, identity.token(user));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the demo users' tokens under " + dir, e);
        }
    }

    /** kubectl needs a cluster, a user and a context; the sandbox's API server takes plain HTTP without credentials. */
    private static Path writeKubeconfig(Path work, String kubernetesUrl) {
        Path file = work.resolve("kubeconfig");
        String text = String.join(
                "\n",
                "# written by the Runway local stack: the sandbox's Kubernetes API (a simulation)",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: runway-sandbox",
                "  cluster:",
                "    server: " + kubernetesUrl,
                "users:",
                "- name: runway-sandbox",
                "  user: {}",
                "contexts:",
                "- name: runway-sandbox",
                "  context:",
                "    cluster: runway-sandbox",
                "    user: runway-sandbox",
                "    namespace: production",
                "current-context: runway-sandbox",
                "");
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /**
     * Runs in the shutdown hook. The stack stops what it started; whatever child process is still there afterwards
     * (a service that ignored SIGTERM, a process a service started) is signalled, then killed after {@link #GRACE}.
     */
    private static void stop(LocalStack stack) {
        Instant start = Instant.now();
        System.out.println("Stopping the local stack...");
        stack.close();
        List<ProcessHandle> left = ProcessHandle.current().descendants().toList();
        left.forEach(ProcessHandle::destroy);
        if (!awaitExit(left, GRACE)) {
            left.forEach(ProcessHandle::destroyForcibly);
            awaitExit(left, GRACE);
        }
        long alive = left.stream().filter(ProcessHandle::isAlive).count();
        System.out.printf(
                "Local stack stopped in %d s; child processes left: %d%n",
                Duration.between(start, Instant.now()).toSeconds(), alive);
        System.out.flush();
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration within) {
        try {
            CompletableFuture.allOf(
                            processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
