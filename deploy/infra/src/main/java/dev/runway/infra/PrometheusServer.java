package dev.runway.infra;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A real Prometheus server (Debian's {@code prometheus} package) scraping the given targets every second, on an
 * ephemeral loopback port with a TSDB in a temporary directory that is deleted on close.
 *
 * <p>When {@code /usr/bin/prometheus} is missing, {@link #start} installs the package with apt-get (as root), says so
 * on stdout, and goes on; it never skips. The package's postinst would start a system service on port 9090; a
 * {@code policy-rc.d} that forbids it is put in place for the installation when there is none.
 */
public final class PrometheusServer implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/prometheus");
    public static final String INSTALL_COMMAND =
            "apt-get update && apt-get install -y --no-install-recommends prometheus";
    public static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

    /** Beside prometheus.yml, which names it relative to itself. */
    private static final String RULES_FILE = "rules.yml";

    private static final Path POLICY_RC_D = Path.of("/usr/sbin/policy-rc.d");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);
    private static final int START_ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    /**
     * One scrape job.
     *
     * @param job         the {@code job} label of every series scraped from it
     * @param address     {@code host:port}
     * @param metricsPath e.g. {@code /metrics} or {@code /apps/production/shop/metrics}
     * @param labels      extra labels put on every series scraped from it
     */
    public record ScrapeTarget(String job, String address, String metricsPath, Map<String, String> labels) {

        public ScrapeTarget {
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(metricsPath, "metricsPath");
            labels = Map.copyOf(labels);
            if (!metricsPath.startsWith("/")) {
                throw new IllegalArgumentException("metricsPath must start with /: " + metricsPath);
            }
        }

        /** From a full URL such as {@code http://127.0.0.1:18080/apps/production/shop/metrics}. */
        public static ScrapeTarget of(String job, String metricsUrl, Map<String, String> labels) {
            URI uri = URI.create(metricsUrl);
            if (!"http".equals(uri.getScheme()) || uri.getPort() < 0) {
                throw new IllegalArgumentException("need http://host:port/path, got " + metricsUrl);
            }
            return new ScrapeTarget(job, uri.getHost() + ":" + uri.getPort(), uri.getPath(), labels);
        }
    }

    /**
     * A JVM killed with SIGKILL runs no shutdown hook, so a watcher shell waits for end-of-file on its stdin, a pipe
     * whose only write end this JVM holds and the kernel closes when the JVM dies, and then stops the server.
     */
    private static final String WATCH_SCRIPT = "while read -r _; do :; done; kill -TERM \"$1\" 2>/dev/null";

    private final Process process;
    private final Process watcher;
    private final Path directory;
    private final int port;
    private final Thread shutdownHook;

    private PrometheusServer(Process process, Path directory, int port) {
        this.process = process;
        this.watcher = watch(process);
        this.directory = directory;
        this.port = port;
        // A JVM stopped with Ctrl-C or SIGTERM must not leave the server behind.
        this.shutdownHook = new Thread(this::stopProcess, "prometheus-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Installs Prometheus if it is missing, starts it scraping {@code targets} every {@link #SCRAPE_INTERVAL} and
     * returns once it is ready.
     */
    public static PrometheusServer start(List<ScrapeTarget> targets) {
        return start(targets, SCRAPE_INTERVAL);
    }

    /** As {@link #start(List)}, scraping every {@code scrapeInterval} (whole milliseconds). */
    public static PrometheusServer start(List<ScrapeTarget> targets, Duration scrapeInterval) {
        return start(targets, scrapeInterval, null);
    }

    /**
     * As {@link #start(List, Duration)}, with recording and alerting rules loaded and evaluated every scrape interval.
     *
     * @param rules a Prometheus rule file ({@code groups:} ...), or null for none
     */
    public static PrometheusServer start(List<ScrapeTarget> targets, Duration scrapeInterval, String rules) {
        Path binary = ensureInstalled();
        Path directory;
        try {
            directory = Files.createTempDirectory("prometheus-");
            Files.writeString(directory.resolve("prometheus.yml"), config(targets, scrapeInterval, rules != null));
            if (rules != null) {
                Files.writeString(directory.resolve(RULES_FILE), rules);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare Prometheus' directory", e);
        }
        IllegalStateException failure = null;
        // A free port can be taken between finding it and Prometheus binding it; another one is tried then.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            int port = freePort();
            Process process = launch(binary, directory, port);
            try {
                awaitReady(process, port, directory);
                return new PrometheusServer(process, directory, port);
            } catch (IllegalStateException e) {
                stop(process);
                failure = e;
            }
        }
        deleteRecursively(directory);
        throw Objects.requireNonNull(failure);
    }

    /**
     * The Prometheus binary, installed with {@value #INSTALL_COMMAND} first when missing.
     *
     * @throws IllegalStateException when it is missing and cannot be installed
     */
    public static synchronized Path ensureInstalled() {
        if (Files.isExecutable(BINARY)) {
            return BINARY;
        }
        System.out.println("Prometheus is not installed (" + BINARY + " missing): installing Debian's prometheus"
                + " package with: " + INSTALL_COMMAND);
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(
                    "Prometheus is missing and only root can install it; run as root: " + INSTALL_COMMAND);
        }
        boolean ownPolicy = !Files.exists(POLICY_RC_D);
        try {
            if (ownPolicy) {
                Files.writeString(
                        POLICY_RC_D, "#!/bin/sh\n# Runway: no service starts during this installation\nexit 101\n");
                Files.setPosixFilePermissions(POLICY_RC_D, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Path log = Files.createTempFile("prometheus-install-", ".log");
            // The lock timeout lets a concurrent installation (another JVM of the same build) finish first.
            run(log, "apt-get", "-o", "DPkg::Lock::Timeout=300", "update");
            run(
                    log,
                    "apt-get",
                    "-o",
                    "DPkg::Lock::Timeout=300",
                    "install",
                    "-y",
                    "--no-install-recommends",
                    "prometheus");
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not install Prometheus", e);
        } finally {
            if (ownPolicy) {
                try {
                    Files.deleteIfExists(POLICY_RC_D);
                } catch (IOException e) {
                    System.err.println("could not remove " + POLICY_RC_D + ": " + e);
                }
            }
        }
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("the prometheus package is installed but " + BINARY + " is missing");
        }
        System.out.println("Prometheus installed: " + BINARY);
        return BINARY;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The configuration file it runs with. */
    public Path configFile() {
        return directory.resolve("prometheus.yml");
    }

    /**
     * Runs an instant query through {@code /api/v1/query} and returns the raw JSON answer.
     *
     * @throws IllegalStateException when Prometheus does not answer 200
     */
    public String query(String promql) {
        URI uri = URI.create(url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "query " + promql + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException("query " + promql + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying Prometheus", e);
        }
    }

    /**
     * The value of a query that yields one number: a scalar, or the first sample of an instant vector. Empty when
     * the vector is empty or the value is NaN (e.g. a ratio of two rates over a window without data).
     */
    public OptionalDouble queryValue(String promql) {
        try {
            JsonNode data = JSON.readTree(query(promql)).path("data");
            JsonNode value = "scalar".equals(data.path("resultType").asText())
                    ? data.path("result")
                    : data.path("result").path(0).path("value");
            if (value.isMissingNode() || !value.has(1)) {
                return OptionalDouble.empty();
            }
            double number = Double.parseDouble(value.get(1).asText());
            return Double.isNaN(number) ? OptionalDouble.empty() : OptionalDouble.of(number);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable answer to " + promql, e);
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL after {@code STOP_TIMEOUT}) and deletes its data. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook runs or ran, and stopping twice is harmless.
        }
        deleteRecursively(directory);
    }

    private void stopProcess() {
        stop(process);
        watcher.destroy();
    }

    private static Process watch(Process prometheus) {
        try {
            return new ProcessBuilder("sh", "-c", WATCH_SCRIPT, "prometheus-watch", String.valueOf(prometheus.pid()))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            stop(prometheus);
            throw new UncheckedIOException("could not start the Prometheus watcher", e);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static String config(List<ScrapeTarget> targets, Duration scrapeInterval, boolean withRules) {
        String seconds = scrapeInterval.toMillis() + "ms";
        StringBuilder yaml = new StringBuilder()
                .append("# Written by Runway's PrometheusServer.\n")
                .append("global:\n")
                .append("  scrape_interval: ")
                .append(seconds)
                .append('\n')
                .append("  scrape_timeout: ")
                .append(seconds)
                .append('\n')
                .append("  evaluation_interval: ")
                .append(seconds)
                .append('\n')
                .append(withRules ? "rule_files: [" + quote(RULES_FILE) + "]\n" : "")
                .append("scrape_configs:\n");
        if (targets.isEmpty()) {
            yaml.setLength(yaml.length() - 1);
            yaml.append(" []\n");
        }
        for (ScrapeTarget target : targets) {
            yaml.append("  - job_name: ")
                    .append(quote(target.job()))
                    .append('\n')
                    .append("    metrics_path: ")
                    .append(quote(target.metricsPath()))
                    .append('\n')
                    .append("    static_configs:\n")
                    .append("      - targets: [")
                    .append(quote(target.address()))
                    .append("]\n");
            if (!target.labels().isEmpty()) {
                yaml.append("        labels:\n");
                target.labels().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .forEach(label -> yaml.append("          ")
                                .append(label.getKey())
                                .append(": ")
                                .append(quote(label.getValue()))
                                .append('\n'));
            }
        }
        return yaml.toString();
    }

    /** A YAML double-quoted scalar. */
    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static Process launch(Path binary, Path directory, int port) {
        List<String> command = List.of(
                binary.toString(),
                "--config.file=" + directory.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port);
        try {
            return new ProcessBuilder(command)
                    .directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("prometheus.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + binary, e);
        }
    }

    private static void awaitReady(Process process, int port, Path directory) {
        URI ready = URI.create("http://127.0.0.1:" + port + "/-/ready");
        try {
            await().atMost(READY_TIMEOUT)
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || answers200(ready));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(
                    "Prometheus was not ready within " + READY_TIMEOUT + "; its log:\n" + logTail(directory), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    "Prometheus exited with " + process.exitValue() + "; its log:\n" + logTail(directory));
        }
    }

    private static boolean answers200(URI uri) throws InterruptedException {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(uri)
                                            .timeout(Duration.ofSeconds(1))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static String logTail(Path directory) {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("prometheus.log"));
            return lines.subList(Math.max(0, lines.size() - 20), lines.size()).stream()
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static void run(Path log, String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process process = builder.start();
        try {
            if (!process.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " took longer than " + INSTALL_TIMEOUT);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing Prometheus", e);
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IllegalStateException(String.join(" ", command) + " failed with exit code "
                    + process.exitValue() + "; output (" + log + "):\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + directory + ": " + e);
        }
    }
}
