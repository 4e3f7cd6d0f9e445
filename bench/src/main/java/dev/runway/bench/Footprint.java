package dev.runway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each service alone: milliseconds from launching its JVM to its first ready answer, and its resident memory after
 * ten idle seconds, for each set of JVM flags. The first launch of each service is not measured: it warms the page
 * cache, lets the coordinator's schema migrate, and writes the service's class-data archive for the set that uses
 * one.
 */
final class Footprint {

    static final Duration IDLE = Duration.ofSeconds(10);

    /** A set of JVM flags; {@code cds} adds a dynamic Application Class-Data Sharing archive of the service. */
    record FlagSet(String name, List<String> flags, boolean cds) {}

    /** {@code ServiceProcess}'s launch flags before {@code -Xms16m} was added; every set is compared with them. */
    static final List<String> CURRENT = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

    static final List<String> LEAN = List.of(
            "-Xmx256m",
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xss512k",
            "-XX:MaxMetaspaceSize=128m",
            "-XX:ReservedCodeCacheSize=48m");

    static final List<FlagSet> SETS = List.of(
            new FlagSet("JVM defaults (no flags)", List.of(), false),
            new FlagSet("current: -Xmx256m -XX:TieredStopAtLevel=1", CURRENT, false),
            new FlagSet("current + -XX:+UseSerialGC", concat(CURRENT, List.of("-XX:+UseSerialGC")), false),
            new FlagSet("current + SerialGC -Xss512k MaxMetaspace=128m CodeCache=48m", LEAN, false),
            new FlagSet("lean set + AppCDS (dynamic archive)", LEAN, true),
            // the initial heap is 1/64 of the machine's memory unless set, and an idle JVM keeps what it touched
            new FlagSet("current + -Xms16m", concat(CURRENT, List.of("-Xms16m")), false),
            new FlagSet("lean set + -Xms16m", concat(LEAN, List.of("-Xms16m")), false));

    /** A service to launch: its jar and its configuration. */
    record Service(String name, Path jar, Map<String, String> config) {}

    /** One measurement. */
    record Result(String service, String flagSet, long readyMs, double rssMb) {}

    private Footprint() {}

    static List<Result> measure(List<Service> services, Path workRoot, int sets) throws IOException {
        List<Result> results = new ArrayList<>();
        for (Service service : services) {
            Path dir = workRoot.resolve(service.name());
            Path archive = dir.resolve(service.name() + ".jsa");
            Files.deleteIfExists(archive);
            // training launch: the flags of the CDS set, writing the archive when the JVM exits
            List<String> training = concat(
                    LEAN,
                    List.of(
                            "-XX:+UnlockDiagnosticVMOptions",
                            // the local stack launches every service with its ParentWatch agent
                            "-XX:+AllowArchivingWithJavaAgent",
                            "-XX:ArchiveClassesAtExit=" + archive));
            try (ServiceJvm jvm = ServiceJvm.start(
                    service.name(), service.jar(), dir, RollbackLatencyBench.freePort(), service.config(), training)) {
                jvm.awaitReady(Duration.ofMinutes(2));
                RollbackLatencyBench.pause(2000);
                jvm.stop(Duration.ofMinutes(3));
            } catch (RuntimeException e) {
                System.out.printf("footprint: %s did not start: %s%n", service.name(), e.getMessage());
                continue;
            }
            for (FlagSet set : SETS.subList(0, Math.min(sets, SETS.size()))) {
                List<String> flags =
                        set.cds() ? concat(set.flags(), List.of("-XX:SharedArchiveFile=" + archive)) : set.flags();
                if (set.cds() && !Files.isRegularFile(archive)) {
                    System.out.printf("footprint: %s wrote no class-data archive%n", service.name());
                    continue;
                }
                try (ServiceJvm jvm = ServiceJvm.start(
                        service.name(), service.jar(), dir, RollbackLatencyBench.freePort(), service.config(), flags)) {
                    long ready = jvm.awaitReady(Duration.ofMinutes(2));
                    RollbackLatencyBench.pause(IDLE.toMillis());
                    Result r = new Result(service.name(), set.name(), ready, jvm.memoryMb("VmRSS"));
                    System.out.printf(
                            "footprint: %-14s %-60s ready %5d ms  idle RSS %6.1f MB%n",
                            r.service(), r.flagSet(), r.readyMs(), r.rssMb());
                    results.add(r);
                } catch (RuntimeException e) {
                    System.out.printf("footprint: %s with %s failed: %s%n", service.name(), set.name(), e.getMessage());
                }
            }
        }
        return results;
    }

    /** service -> flag set -> result, in launch order. */
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
