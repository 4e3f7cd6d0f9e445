package dev.runway.bench;

import dev.runway.stack.ParentWatch;
import dev.runway.stack.Readiness;
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
 * One service as its own JVM, launched as the local stack's {@code ServiceProcess} launches it but with the JVM
 * arguments under test, and with its process id at hand: the footprint is read from {@code /proc/<pid>/status}.
 */
final class ServiceJvm implements AutoCloseable {

    private final String name;
    private final Path workDir;
    private final int port;
    private final Process process;
    private final long startedNanos;

    private ServiceJvm(String name, Path workDir, int port, Process process, long startedNanos) {
        this.name = name;
        this.workDir = workDir;
        this.port = port;
        this.process = process;
        this.startedNanos = startedNanos;
    }

    static ServiceJvm start(
            String name, Path jar, Path workDir, int port, Map<String, String> config, List<String> jvmArgs)
            throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " is not built: " + jar + " is missing");
        }
        Map<String, String> all = new TreeMap<>(config);
        all.put("quarkus.http.port", String.valueOf(port));
        all.put("quarkus.http.host", "127.0.0.1");
        Files.createDirectories(workDir.resolve("config"));
        Path properties = workDir.resolve("config/application.properties");
        StringBuilder text = new StringBuilder("# written by the Runway bench\n");
        all.forEach((k, v) ->
                text.append(k).append('=').append(v.replace("\\", "\\\\")).append('\n'));
        Files.writeString(properties, text);
        Files.setPosixFilePermissions(properties, PosixFilePermissions.fromString("rw-------"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-javaagent:" + ParentWatch.agentJar(workDir));
        command.addAll(jvmArgs);
        command.add("-Djava.io.tmpdir=" + workDir);
        command.add("-jar");
        command.add(jar.toString());
        long started = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                // ParentWatch's lifeline, as in the local stack
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        workDir.resolve(name + ".log").toFile()))
                .start();
        return new ServiceJvm(name, workDir, port, process, started);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return workDir.resolve(name + ".log");
    }

    /** Milliseconds from the JVM's launch to the first 200 from {@code /q/health/ready}, polled every 10 ms. */
    long awaitReady(Duration within) {
        Readiness.await(name, process, url(), log(), within, Duration.ofMillis(10));
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /**
     * CPU time the JVM has used so far, user and system, in milliseconds, from {@code /proc/<pid>/stat} (clock ticks
     * of 10 ms). On a shared machine it moves far less with the load than the time to ready does.
     */
    long cpuMs() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            // the fields after the command name, which may hold spaces, end with ") "
            String[] fields = stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException e) {
            throw new IllegalStateException("could not read the CPU time of " + name, e);
        }
    }

    /** Resident set size in MB ({@code VmRSS}); {@code field} may name another line, such as {@code VmHWM}. */
    double memoryMb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not read the memory of " + name, e);
        }
        throw new IllegalStateException("no " + field + " for " + name);
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }

    /** SIGTERM, then SIGKILL after {@code grace}; a JVM writes its class-data archive on a normal exit, slowly. */
    void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
