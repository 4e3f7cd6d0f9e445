package dev.runway.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One Runway service as its own JVM, as in production. Its configuration is written to
 * {@code <workDir>/config/application.properties} (owner-only), where Quarkus reads it, so secrets
 * never show on a command line. The JVM carries {@link ParentWatch}, so it exits when the process that started
 * it dies without stopping it.
 */
public final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Path jar;
    private final Path workDir;
    private final int port;
    private final Map<String, String> config;
    private Process process;

    /**
     * Every service's JVM flags, also the bench's and the Kubernetes Deployments' (README, "Benchmark").
     * {@code -Xms16m}: the default initial heap is 1/64 of the machine's memory, and an idle JVM keeps what it touched.
     * {@code -XX:TieredStopAtLevel=1}: C1 only; a start compiles much and runs little. {@code -XX:+UseSerialGC}: one
     * collector and none of G1's remembered sets for a heap this small: idle RSS 12-27 MB lower in every service, start
     * time unchanged (bench, issue 12). A container limited to one CPU gets it by default anyway.
     */
    public static final List<String> JVM_OPTIONS =
            List.of("-Xmx256m", "-Xms16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    public ServiceProcess(String name, Path jar, Path workDir, int port, Map<String, String> config) {
        this.name = name;
        this.jar = jar;
        this.workDir = workDir;
        this.port = port;
        this.config = new TreeMap<>(config);
        this.config.put("quarkus.http.port", String.valueOf(port));
        this.config.put("quarkus.http.host", "127.0.0.1");
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return workDir.resolve(name + ".log");
    }

    /** Starts the JVM; {@link #awaitReady(Duration)} waits for its readiness check. */
    public void start() {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    name + " is not built: " + jar + " is missing (run mvn install -DskipTests)");
        }
        try {
            Files.createDirectories(workDir.resolve("config"));
            Path properties = workDir.resolve("config/application.properties");
            StringBuilder text = new StringBuilder("# written by the Runway local stack\n");
            config.forEach((k, v) ->
                    text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
            Files.writeString(properties, text);
            Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-------"));
            List<String> command =
                    new ArrayList<>(List.of(javaBinary(), "-javaagent:" + ParentWatch.agentJar(workDir)));
            command.addAll(JVM_OPTIONS);
            command.addAll(List.of("-Djava.io.tmpdir=" + workDir, "-jar", jar.toString()));
            process = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    // ParentWatch's lifeline: this JVM holds the pipe's only write end until it dies
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start " + name, e);
        }
    }

    public void awaitReady(Duration within) {
        Readiness.await(name, process, url(), log(), within, Duration.ofMillis(250));
    }

    /** Kills the JVM at once, as a crash or an OOM kill would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor();
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** Asks the JVM to stop (SIGTERM) without waiting, so that several services stop side by side. */
    public void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
    }

    /** Stops the JVM and waits for it; after 20 s it is killed. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
        }
        if (process != null) {
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
