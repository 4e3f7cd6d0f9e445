package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The README's "keep the stack running" command as a user runs it: its own OS process ({@link UpMain} on this
 * module's class path). It uses free ports rather than the documented ones, so it cannot collide with a stack
 * someone left running or with {@link ReleasePipelineIT}; the assertions use the addresses it prints.
 */
class StackStaysUpIT {

    private static final System.Logger LOG = System.getLogger(StackStaysUpIT.class.getName());
    private static final Pattern PORT = Pattern.compile("(?:127\\.0\\.0\\.1|localhost):(\\d+)");
    private static final Path ROOT =
            Path.of(System.getProperty("runway.root", "../..")).toAbsolutePath().normalize();

    private Process up;
    private Path output;

    @AfterEach
    void killLeftovers() {
        if (up != null) {
            up.descendants().forEach(ProcessHandle::destroyForcibly);
            up.destroyForcibly();
        }
    }

    @Test
    void sigtermStopsEveryChildProcessAndFreesEveryPrintedPort() throws Exception {
        Instant started = Instant.now();
        start("sigterm");
        List<String> printed = awaitReady();
        Duration boot = Duration.between(started, Instant.now());

        String coordinator = address(printed, "coordinator");
        assertThat(status(coordinator + "/q/health/ready")).isEqualTo(200);
        // the signal arrives with a release in flight, as it would when a user stops the stack mid-release
        new CoordinatorClient(coordinator, this::token).start(DemoReleases.json(DemoReleases.healthy()));
        assertNoSecretPrinted();

        List<ProcessHandle> children = up.descendants().toList();
        assertThat(children).as("the five service JVMs at least").hasSizeGreaterThanOrEqualTo(5);
        Set<Integer> ports = ports(printed);
        assertThat(ports).hasSizeGreaterThanOrEqualTo(10);

        Instant signalled = Instant.now();
        up.destroy();

        assertThat(up.waitFor(90, TimeUnit.SECONDS))
                .as("the stack exits within 90 s of SIGTERM")
                .isTrue();
        Duration shutdown = Duration.between(signalled, Instant.now());
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(children).noneMatch(ProcessHandle::isAlive));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ports).allMatch(StackStaysUpIT::free));
        assertThat(Files.readString(output)).contains("child processes left: 0");
        LOG.log(
                Level.INFO,
                "stack up in {0} s, stopped {1} ms after SIGTERM; {2} child processes and ports {3} gone",
                boot.toSeconds(),
                shutdown.toMillis(),
                children.size(),
                ports);
    }

    @Test
    void theServicesAndTheDatabaseStopWhenTheStackIsKilled() throws Exception {
        start("sigkill");
        List<String> printed = awaitReady();
        List<ProcessHandle> children = up.descendants().toList();
        Set<Integer> ports = ports(printed);

        Instant killed = Instant.now();
        up.destroyForcibly();

        assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(children).noneMatch(ProcessHandle::isAlive));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(ports).allMatch(StackStaysUpIT::free));
        LOG.log(
                Level.INFO,
                "{0} orphaned child processes gone and ports {1} free {2} ms after SIGKILL",
                children.size(),
                ports,
                Duration.between(killed, Instant.now()).toMillis());
    }

    private void start(String name) throws IOException {
        Path work = ROOT.resolve("deploy/local-stack/target/stays-up-it").resolve(name);
        Files.createDirectories(work);
        output = work.resolve("up.out");
        up = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Djava.io.tmpdir=" + ROOT.resolve("deploy/local-stack/target"),
                        "-Drunway.root=" + ROOT,
                        "-cp",
                        System.getProperty("java.class.path"),
                        UpMain.class.getName(),
                        "--free-ports",
                        "--work-dir=" + work)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    /** The lines printed up to and including the ready line. */
    private List<String> awaitReady() {
        return await().atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .failFast("the stack exited; see " + output, () -> !up.isAlive())
                .until(
                        () -> Files.readAllLines(output),
                        lines -> lines.stream().anyMatch(l -> l.startsWith(UpMain.READY)));
    }

    /** The address printed after a label, such as {@code coordinator  http://127.0.0.1:41234}. */
    private static String address(List<String> printed, String label) {
        Pattern line = Pattern.compile("\\s*" + Pattern.quote(label) + "\\s+(\\S+).*");
        return printed.stream()
                .map(line::matcher)
                .filter(Matcher::matches)
                .map(m -> m.group(1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + label + " in " + printed));
    }

    private static Set<Integer> ports(List<String> printed) {
        Set<Integer> ports = new TreeSet<>();
        for (String line : printed) {
            Matcher m = PORT.matcher(line);
            while (m.find()) {
                ports.add(Integer.parseInt(m.group(1)));
            }
        }
        return ports;
    }

    /**
     * The chat webhook URL and the PagerDuty routing key, secrets in production, live only in the config files; the
     * demo users' tokens only in their files.
     */
    private void assertNoSecretPrinted() throws IOException {
        Properties notifier = properties(output.resolveSibling("notifier/config/application.properties"));
        assertThat(Files.readString(output))
                .doesNotContain(notifier.getProperty("runway.chat.channels.default.webhook-url"))
                .doesNotContain(notifier.getProperty("runway.pagerduty.services.default.routing-key"))
                .doesNotContain(token(DemoUser.LEE));
    }

    /** A demo user's token, from the owner-only file the stack wrote. */
    private String token(DemoUser user) {
        try {
            return Files.readString(output.resolveSibling("tokens").resolve(user.subject()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static int status(String url) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
