package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.model.Phase;
import dev.runway.model.spec.GoNoGoVote;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The runway CLI as people use it: the real jar ({@code cli/target/runway.jar}) as a process of its own against the
 * local stack. The deployer signs in with a token file and starts a release from YAML with {@code --follow}, while the
 * four voters vote GO through the CLI with their own tokens; a second release that fails its health check ends
 * following with the rolled-back exit code.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliIT {

    static final String YAML_EXAMPLE = "deploy/local-stack/examples/shop-1.4.0.yaml";

    private static final Pattern STARTED = Pattern.compile("^Release (\\S+) started: ");
    private static final Pattern HASH = Pattern.compile("--migrations-hash (sha256:[0-9a-f]+)");
    private static final Duration RELEASE_LIMIT = Duration.ofMinutes(5);

    static Path root;
    static Path work;
    static Path tokens;
    static LocalStack stack;
    static String coordinator;

    @BeforeAll
    static void startStack() throws IOException {
        root = Path.of(System.getProperty("runway.root", "../.."))
                .toAbsolutePath()
                .normalize();
        assertThat(root.resolve("cli/target/runway.jar"))
                .as("built by the cli module")
                .isRegularFile();
        work = root.resolve("deploy/local-stack/target/cli-it");
        Files.createDirectories(work);
        stack = LocalStack.start(root, root.resolve("deploy/local-stack/target/cli-stack"), false);
        coordinator = stack.service(LocalStack.COORDINATOR).url();
        tokens = Files.createDirectories(work.resolve("tokens"));
        for (DemoUser user : DemoUser.values()) {
            Path file = tokens.resolve(user.subject());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, stack.identity().token(user));
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void theDeployerSignsInWithTheirTokenFileAndTheTokenStaysOwnerOnlyAndUnprinted() throws IOException {
        Path config = work.resolve("dana/config.json");
        Files.deleteIfExists(config);

        Run login = run(
                signedInAs(config),
                "login",
                "--url",
                coordinator,
                "--token-file",
                tokens.resolve("dana").toString());

        assertThat(login.exit()).as(login.toString()).isZero();
        assertThat(login.out())
                .contains("Signed in to " + coordinator + " as dana (roles: deployer). Saved to " + config);
        String token = stack.identity().token(DemoUser.DANA);
        assertThat(login.out() + login.err()).doesNotContain(token);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config)))
                .isEqualTo("rw-------");
    }

    @Test
    @Order(2)
    void aReleaseStartedFromYamlIsFollowedLivePhaseByPhaseToCompletedWhileTheVotersVoteThroughTheCli()
            throws Exception {
        Following follow = Following.start(
                signedInAs(work.resolve("dana/config.json")),
                "release",
                "start",
                "-f",
                root.resolve(YAML_EXAMPLE).toString(),
                "--follow");
        String id = follow.releaseId();

        voteGo(id, follow.migrationsHash());
        int exit = follow.exit();

        List<String> lines = follow.lines();
        Files.write(work.resolve("follow-completed.log"), lines);
        assertThat(exit).as(follow.toString()).isZero();
        // kubectl's wording of the moment the rollout-agent's poll lands: "N out of M new replicas have been
        // updated", "N old replicas are pending termination" or "N of M updated replicas are available"
        int progress = indexOf(lines, "[ RUN  ] Phase 3 ", "Waiting for deployment \"shop\" rollout to finish: ");
        int phase3Ended = indexOf(lines, "[  OK  ] Phase 3 ", "Application deployment");
        assertThat(progress).as(follow.toString()).isNotNegative().isLessThan(phase3Ended);
        for (Phase phase : Phase.values()) {
            assertThat(lines)
                    .as(follow.toString())
                    .anyMatch(line -> line.contains(phase.runbookLabel()) && line.contains(phase.task()));
        }
        assertThat(lines).last().asString().startsWith("Release " + id + " COMPLETED after ");

        Run timeline = run(as(DemoUser.VAL), "release", "timeline", id, "--format", "md");

        assertThat(timeline.exit()).as(timeline.toString()).isZero();
        assertThat(timeline.out()).contains("| Time | Phase | Task | Status | Duration | Notes |");
        for (Phase phase : Phase.values()) {
            assertThat(timeline.out().lines())
                    .as(timeline.out())
                    .anyMatch(line -> line.startsWith("|") && line.contains(phase.task()));
        }
    }

    @Test
    @Order(3)
    void aReleaseThatFailsItsHealthCheckEndsFollowingWithTheRolledBackExitCode() throws Exception {
        Path spec = Files.writeString(work.resolve("shop-1.5.0.json"), DemoReleases.json(DemoReleases.failingHealth()));
        // told to stop at the first decision, following ends at GO/NO-GO with 13; release follow then picks it up
        Following start = Following.start(
                signedInAs(work.resolve("dana/config.json")),
                "release",
                "start",
                "-f",
                spec.toString(),
                "--follow",
                "--stop-at-decision");
        String id = start.releaseId();
        String hash = start.migrationsHash();
        assertThat(start.exit()).as(start.toString()).isEqualTo(13);

        Following follow = Following.start(as(DemoUser.VAL), "release", "follow", id);
        voteGo(id, hash);
        int exit = follow.exit();

        Files.write(work.resolve("follow-rolled-back.log"), follow.lines());
        assertThat(exit).as(follow.toString()).isEqualTo(10);
        assertThat(follow.lines())
                .anyMatch(line -> line.startsWith("[ROLLBK] HEALTH_CHECK_FAILED"))
                .anyMatch(line -> line.startsWith("[ FAIL ] Phase 5 "));
        assertThat(follow.lines()).last().asString().startsWith("Release " + id + " ROLLED_BACK after ");

        Run report = run(as(DemoUser.VAL), "release", "incident-report", id);

        assertThat(report.exit()).as(report.toString()).isZero();
        assertThat(report.out()).contains("Production Deployment Rollback - v1.5.0", "HEALTH_CHECK_FAILED");
    }

    /** The four voters, each signed in with their own token through RUNWAY_TOKEN; the DBA's GO carries the hash. */
    private static void voteGo(String id, String migrationsHash) {
        for (GoNoGoVote.Role role : GoNoGoVote.Role.values()) {
            DemoUser voter = DemoUser.voterFor(role);
            List<String> args = new ArrayList<>(
                    List.of("release", "vote", id, "--role", role.name(), "--decision", "GO", "--comment", "ready"));
            if (role == GoNoGoVote.Role.DATABASE_ADMINISTRATOR) {
                args.addAll(List.of("--migrations-hash", migrationsHash));
            }
            Run vote = run(as(voter), args.toArray(String[]::new));
            assertThat(vote.exit()).as(vote.toString()).isZero();
            assertThat(vote.out()).startsWith("Vote recorded: GO as " + role.name() + ".");
        }
    }

    private static int indexOf(List<String> lines, String prefix, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix) && lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, String> signedInAs(Path config) {
        return Map.of("RUNWAY_CONFIG", config.toString());
    }

    /** No configuration file: the URL and the person's token come from the environment. */
    private static Map<String, String> as(DemoUser user) {
        return Map.of(
                "RUNWAY_CONFIG", work.resolve("none.json").toString(),
                "RUNWAY_URL", coordinator,
                "RUNWAY_TOKEN", stack.identity().token(user));
    }

    private static ProcessBuilder runway(Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                root.resolve("cli/target/runway.jar").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RUNWAY_"));
        builder.environment().putAll(env);
        return builder;
    }

    record Run(List<String> command, int exit, String out, String err) {
        @Override
        public String toString() {
            return String.join(" ", command.subList(3, command.size())) + " -> " + exit + "\n" + out + err;
        }
    }

    private static Run run(Map<String, String> env, String... args) {
        ProcessBuilder builder = runway(env, args);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            Following.Drain out = Following.drain(process.getInputStream(), new CopyOnWriteArrayList<>());
            Following.Drain err = Following.drain(process.getErrorStream(), new CopyOnWriteArrayList<>());
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("runway " + String.join(" ", args))
                    .isTrue();
            out.join();
            err.join();
            return new Run(builder.command(), process.exitValue(), out.text(), err.text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A runway process that follows a release: its output is read line by line as it comes. */
    static final class Following {
        private final Process process;
        private final List<String> lines = new CopyOnWriteArrayList<>();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final Drain out;
        private final Drain err;

        private Following(Process process) {
            this.process = process;
            this.out = drain(process.getInputStream(), lines);
            this.err = drain(process.getErrorStream(), errors);
        }

        static Following start(Map<String, String> env, String... args) throws IOException {
            Process process = runway(env, args).start();
            process.getOutputStream().close();
            return new Following(process);
        }

        String releaseId() {
            return await().atMost(Duration.ofMinutes(1))
                    .until(() -> find(STARTED), m -> m != null)
                    .group(1);
        }

        /** The hash the follow output shows once GO/NO-GO opens, for the DBA's vote. */
        String migrationsHash() {
            return await().atMost(Duration.ofMinutes(3))
                    .until(() -> find(HASH), m -> m != null)
                    .group(1);
        }

        int exit() throws InterruptedException {
            if (!process.waitFor(RELEASE_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroy();
                throw new AssertionError("still following after " + RELEASE_LIMIT + ":\n" + this);
            }
            out.join();
            err.join();
            return process.exitValue();
        }

        List<String> lines() {
            return List.copyOf(lines);
        }

        private Matcher find(Pattern pattern) {
            assertThat(process.isAlive() || !lines.isEmpty()).as(toString()).isTrue();
            for (String line : lines) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return String.join("\n", lines) + "\nstderr:\n" + String.join("\n", errors);
        }

        record Drain(Thread thread, List<String> lines) {
            void join() throws InterruptedException {
                thread.join(10_000);
            }

            String text() {
                return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
            }
        }

        static Drain drain(InputStream stream, List<String> into) {
            Thread thread = new Thread(() -> {
                try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        into.add(line);
                    }
                } catch (IOException e) {
                    into.add("(output unreadable: " + e.getMessage() + ")");
                }
            });
            thread.setDaemon(true);
            thread.start();
            return new Drain(thread, into);
        }
    }
}
