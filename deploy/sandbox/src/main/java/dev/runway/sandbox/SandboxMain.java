package dev.runway.sandbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the sandbox (a SIMULATION of production) until killed. Prints exactly one line to stdout,
 * {@code SANDBOX READY kubernetes=<url> app=<url> registry=<url>}, which launchers wait for; logs go to stderr.
 *
 * <p>Options: {@code --kubernetes-port N} (default 0, ephemeral), {@code --app-port N} (default 0),
 * {@code --step-millis N} (default 2000), {@code --requests-per-second N} (synthetic traffic to every Deployment,
 * default 20, 0 for none).
 */
public final class SandboxMain {

    private SandboxMain() {}

    public static void main(String[] args) throws InterruptedException {
        int kubernetesPort = 0;
        int appPort = 0;
        long stepMillis = 2000;
        int requestsPerSecond = SandboxOptions.DEFAULT_REQUESTS_PER_SECOND;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value =
                    arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : (i + 1 < args.length ? args[++i] : null);
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (value == null) {
                usage("missing value for " + name);
            }
            try {
                switch (name) {
                    case "--kubernetes-port" -> kubernetesPort = Integer.parseInt(value);
                    case "--app-port" -> appPort = Integer.parseInt(value);
                    case "--step-millis" -> stepMillis = Long.parseLong(value);
                    case "--requests-per-second" -> requestsPerSecond = Integer.parseInt(value);
                    default -> usage("unknown option " + name);
                }
            } catch (NumberFormatException e) {
                usage("not a number for " + name + ": " + value);
            }
        }
        Sandbox sandbox = Sandbox.start(new SandboxOptions(
                kubernetesPort,
                appPort,
                Duration.ofMillis(stepMillis),
                ImageCatalogue.demo(),
                true,
                requestsPerSecond));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            sandbox.close();
                            stopped.countDown();
                        },
                        "sandbox-shutdown"));
        System.out.println("SANDBOX READY kubernetes=" + sandbox.kubernetesUrl() + " app=" + sandbox.appUrl()
                + " registry=" + sandbox.registryUrl());
        System.out.flush();
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println(
                "usage: SandboxMain [--kubernetes-port N] [--app-port N] [--step-millis N] [--requests-per-second N]");
        System.exit(2);
    }
}
