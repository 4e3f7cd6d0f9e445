package dev.runway.bench;

import dev.runway.stack.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Each service alone: milliseconds from launching its JVM to its first ready answer, the CPU time the JVM had used by
 * then, and its resident memory after ten idle seconds, for each set of JVM flags, several times. The sets take turns
 * within each round, so that a change in the machine's load falls on every set alike. The first launch of each service
 * is not measured: it warms the page cache, lets the coordinator's schema migrate, and trains the class-data archive of
 * the set that uses one.
 */
final class Footprint {

    static final Duration IDLE = Duration.ofSeconds(10);

    /** Where a set's class-data archive comes from. */
    enum Archive {
        /** none but the JDK's own. */
        NONE,
        /** written by the training launch, a full start against the broker and the database. */
        TRAINED
    }

    /** A set of JVM flags and its class-data archive. */
    record FlagSet(String name, List<String> flags, Archive archive) {}

    /** {@code ServiceProcess}'s launch flags before the footprint work of issue 12. */
    static final List<String> BEFORE = List.of("-Xmx256m", "-Xms16m", "-XX:TieredStopAtLevel=1");

    /** The adopted set first: {@code footprintSets=1} measures only what the local stack runs. */
    static final List<FlagSet> SETS = List.of(
            new FlagSet("adopted (ServiceProcess.JVM_OPTIONS)", ServiceProcess.JVM_OPTIONS, Archive.NONE),
            new FlagSet("before (ServiceProcess until issue 12)", BEFORE, Archive.NONE),
            new FlagSet("adopted flags, archive trained on a full start", ServiceProcess.JVM_OPTIONS, Archive.TRAINED),
            new FlagSet("JVM defaults (no flags)", List.of(), Archive.NONE));

    /** A service to launch: its jar and its configuration. */
    record Service(String name, Path jar, Map<String, String> config) {}

    /** One launch. */
    record Launch(long readyMs, long cpuMs, double rssMb, double load) {}

    /** Every launch of one service with one set. */
    record Result(String service, String flagSet, List<Launch> launches) {

        double median(ToDoubleFunction<Launch> figure) {
            List<Double> sorted = launches.stream()
                    .map(figure::applyAsDouble)
                    .sorted(Comparator.naturalOrder())
                    .toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        long minReadyMs() {
            return launches.stream().mapToLong(Launch::readyMs).min().orElse(0);
        }

        long maxReadyMs() {
            return launches.stream().mapToLong(Launch::readyMs).max().orElse(0);
        }
    }

    private Footprint() {}

    static List<Result> measure(List<Service> services, Path workRoot, int sets, int rounds) throws IOException {
        List<FlagSet> chosen = SETS.subList(0, Math.min(sets, SETS.size()));
        List<Result> results = new ArrayList<>();
        for (Service service : services) {
            Path dir = workRoot.resolve(service.name());
            Path trained = dir.resolve(service.name() + ".jsa");
            Files.deleteIfExists(trained);
            if (!warmUp(service, dir, trained)) {
                continue;
            }
            Map<FlagSet, List<Launch>> launches = new LinkedHashMap<>();
            for (int round = 1; round <= rounds; round++) {
                for (FlagSet set : chosen) {
                    List<String> flags = flags(set, service, trained);
                    if (flags == null) {
                        continue;
                    }
                    Launch launch = launch(service, dir, set, flags);
                    if (launch != null) {
                        launches.computeIfAbsent(set, k -> new ArrayList<>()).add(launch);
                    }
                }
            }
            launches.forEach((set, list) -> results.add(new Result(service.name(), set.name(), list)));
        }
        return results;
    }

    /** The unmeasured first launch; it also writes the trained archive when the JVM exits. */
    private static boolean warmUp(Service service, Path dir, Path trained) throws IOException {
        List<String> training = concat(
                ServiceProcess.JVM_OPTIONS,
                List.of(
                        "-XX:+UnlockDiagnosticVMOptions",
                        // the local stack and the bench launch every service with the ParentWatch agent
                        "-XX:+AllowArchivingWithJavaAgent",
                        "-XX:ArchiveClassesAtExit=" + trained));
        try (ServiceJvm jvm = ServiceJvm.start(
                service.name(), service.jar(), dir, RollbackLatencyBench.freePort(), service.config(), training)) {
            jvm.awaitReady(Duration.ofMinutes(2));
            RollbackLatencyBench.pause(2000);
            jvm.stop(Duration.ofMinutes(3));
            return true;
        } catch (RuntimeException e) {
            System.out.printf("footprint: %s did not start: %s%n", service.name(), e.getMessage());
            return false;
        }
    }

    /** The set's flags for this service, or null when its archive is missing. */
    private static List<String> flags(FlagSet set, Service service, Path trained) {
        return switch (set.archive()) {
            case NONE -> set.flags();
            case TRAINED -> {
                if (!Files.isRegularFile(trained)) {
                    System.out.printf("footprint: %s wrote no class-data archive%n", service.name());
                    yield null;
                }
                yield concat(set.flags(), List.of("-XX:SharedArchiveFile=" + trained));
            }
        };
    }

    private static Launch launch(Service service, Path dir, FlagSet set, List<String> flags) throws IOException {
        double load = RollbackLatencyBench.loadNow();
        try (ServiceJvm jvm = ServiceJvm.start(
                service.name(), service.jar(), dir, RollbackLatencyBench.freePort(), service.config(), flags)) {
            long ready = jvm.awaitReady(Duration.ofMinutes(2));
            long cpu = jvm.cpuMs();
            RollbackLatencyBench.pause(IDLE.toMillis());
            Launch launch = new Launch(ready, cpu, jvm.memoryMb("VmRSS"), load);
            System.out.printf(
                    "footprint: %-14s %-70s ready %5d ms  cpu %5d ms  idle RSS %6.1f MB  load %.2f%n",
                    service.name(), set.name(), launch.readyMs(), launch.cpuMs(), launch.rssMb(), launch.load());
            return launch;
        } catch (RuntimeException e) {
            System.out.printf("footprint: %s with %s failed: %s%n", service.name(), set.name(), e.getMessage());
            return null;
        }
    }

    /** flag set -> service -> result, in launch order. */
    static Map<String, Map<String, Result>> table(List<Result> results) {
        Map<String, Map<String, Result>> table = new LinkedHashMap<>();
        for (Result r : results) {
            table.computeIfAbsent(r.flagSet(), k -> new LinkedHashMap<>()).put(r.service(), r);
        }
        return table;
    }

    static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
