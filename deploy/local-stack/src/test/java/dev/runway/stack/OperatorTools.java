package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.infra.ChromiumTools;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The tools release leads use, as they use them: the runway CLI, the real jar ({@code cli/target/runway.jar}) as a
 * process of its own, and the dashboard in a real browser (Debian's Chromium, headless). {@link ReleasePipelineIT}
 * drives its first two releases through them rather than through the API directly, because a stack and its releases
 * are most of the suite's time:
 *
 * <ol>
 *   <li>the deployer starts shop 1.4.0 from the YAML example with {@code runway release start -f ... --follow}; the
 *       four voters sign in to the dashboard with their own token files and click GO; the page and the CLI follow it
 *       live to COMPLETED (exit code 0), and {@code timeline --format md} prints Appendix B;
 *   <li>the deployer starts shop 1.5.0 (its {@code /health} answers 503) from the dashboard; the voters vote through
 *       the CLI with their own tokens; {@code runway release follow} ends with the rolled-back exit code and the page
 *       shows ROLLED_BACK.
 * </ol>
 *
 * A viewer sees everything without a single button. Screenshots of the list, a live release and the completed
 * timeline go to {@code target/screenshots}, or where {@code -Drunway.screenshots} says:
 * {@code -Drunway.screenshots=docs/screenshots} refreshes the README's (a run must not change committed files). One
 * stack at a time: {@link #open} before the first, {@link #close} after the last.
 */
final class OperatorTools {

    static final String YAML_EXAMPLE = "deploy/local-stack/examples/shop-1.4.0.yaml";

    private static final Pattern STARTED = Pattern.compile("^Release (\\S+) started: ");
    private static final Pattern HASH = Pattern.compile("--migrations-hash (sha256:[0-9a-f]+)");
    private static final Pattern RELEASE_PAGE = Pattern.compile("/dashboard/releases/([0-9a-f-]{36})$");
    private static final Duration RELEASE_LIMIT = Duration.ofMinutes(5);

    static Path root;
    static Path work;
    static Path tokens;
    static LocalStack stack;
    static String coordinator;
    static String dashboard;
    static Path profile;
    static WebDriver browser;

    private OperatorTools() {}

    static void open(LocalStack localStack, Path repositoryRoot, Path stackDir) throws IOException {
        stack = localStack;
        root = repositoryRoot;
        assertThat(root.resolve("cli/target/runway.jar"))
                .as("built by the cli module")
                .isRegularFile();
        ChromiumTools.ensureInstalled();
        tokens = UpMain.writeTokens(stackDir, stack.identity());
        work = Files.createDirectories(root.resolve("deploy/local-stack/target/cli-it"));
        coordinator = stack.service(LocalStack.COORDINATOR).url();
        dashboard = coordinator + "/dashboard";
        profile = Files.createTempDirectory("operator-tools-it-chromium-");
        browser = chromium(profile);
    }

    /**
     * Without the background-networking flags Chromium reaches out to Google's services at start, which a closed
     * network refuses, slowly; a fresh profile keeps one run's session storage from the next.
     */
    private static WebDriver chromium(Path userDataDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(ChromiumTools.BROWSER.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + userDataDir,
                "--window-size=1280,800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(ChromiumTools.DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        // the window's size includes the browser's frame; the screenshots are of a 1280x800 page
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", 1280, "height", 800, "deviceScaleFactor", 1, "mobile", false));
        return driver;
    }

    static void close() {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (Stream<Path> paths = Files.walk(profile)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                System.err.println("could not delete " + profile + ": " + e);
            }
        }
    }

    /** The deployer signs in to the CLI with her token file; the token stays owner-only and unprinted. */
    static void signInToTheCli() throws IOException {
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

    /**
     * The healthy release, started from the YAML example with the CLI, voted on in the dashboard and followed live by
     * both to COMPLETED.
     *
     * @return the release's id
     */
    static String healthyReleaseStartedWithTheCliAndVotedOnInTheDashboard() throws Exception {
        signInToTheCli();
        Following follow = Following.start(
                signedInAs(work.resolve("dana/config.json")),
                "release",
                "start",
                "-f",
                root.resolve(YAML_EXAMPLE).toString(),
                "--follow");
        String release = follow.releaseId();
        String releasePage = dashboard + "/releases/" + release;

        signIn(releasePage, DemoUser.VAL);
        await("GO/NO-GO opens once pre-flight has passed")
                .atMost(Duration.ofMinutes(3))
                .until(() -> visible("#vote"));
        assertThat(text("#vote")).contains("Still to vote");
        assertThat(text("#live")).contains("live");
        assertThat(actionButtons())
                .as("a viewer sees the open vote and no button")
                .isEmpty();
        assertThat(visible("#actions")).isFalse();

        // the deployment lead last, so that the live page watched from here on is one with buttons
        for (DemoUser voter : List.of(DemoUser.SAM, DemoUser.ALEX, DemoUser.KIM, DemoUser.LEE)) {
            String role = voter.votesAs().orElseThrow().name();
            signIn(releasePage, voter);
            String go = "button[data-action='vote-go-" + role + "']";
            await(voter.subject() + "'s GO button")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> visible(go));
            assertThat(actionButtons())
                    .as("%s votes only as %s", voter.subject(), role)
                    .allMatch(name -> name.endsWith(role)
                            || (voter == DemoUser.LEE
                                    && List.of("abort", "rollback-DEPLOYMENT_LEAD")
                                            .contains(name))
                            || (voter == DemoUser.ALEX && name.equals("rollback-ENGINEERING_MANAGER")));
            type("#reason", "ready (" + voter.subject() + ", from the dashboard)");
            click(go);
            String said = role + " voted GO (" + voter.subject() + ")";
            await(voter.subject() + "'s vote in the timeline")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> !visible(go)
                            && texts("#timeline tr[data-stage='VOTE'] .notes").stream()
                                    .anyMatch(n -> n.startsWith(said)));
            assertThat(visible("#problem")).as(text("#problem")).isFalse();
        }

        await("the release watching its guards (Phase 8), live")
                .atMost(Duration.ofMinutes(3))
                .until(() -> "RUNNING".equals(rowStatus("MONITORING_VALIDATION")));
        assertThat(text("#live")).contains("live");
        assertThat(actionButtons())
                .as("the deployment lead may abort or ask for a rollback")
                .contains("abort");
        screenshot("dashboard-live-release");

        int exit = follow.exit();
        List<String> lines = follow.lines();
        Files.write(work.resolve("follow-completed.log"), lines);
        assertThat(exit).as(follow.toString()).isZero();
        // kubectl's wording of the moment the rollout-agent's poll lands: "Waiting for deployment spec update to be
        // observed...", or "Waiting for deployment "shop" rollout to finish: " with "N out of M new replicas have been
        // updated", "N old replicas are pending termination" or "N of M updated replicas are available"
        int progress = indexOf(lines, "[ RUN  ] Phase 3 ", "Waiting for deployment ");
        int phase3Ended = indexOf(lines, "[  OK  ] Phase 3 ", "Application deployment");
        assertThat(progress).as(follow.toString()).isNotNegative().isLessThan(phase3Ended);
        for (Phase phase : Phase.values()) {
            assertThat(lines)
                    .as(follow.toString())
                    .anyMatch(line -> line.contains(phase.runbookLabel()) && line.contains(phase.task()));
        }
        assertThat(lines).last().asString().startsWith("Release " + release + " COMPLETED after ");

        await("the release COMPLETED, seen live on the page")
                .atMost(Duration.ofMinutes(1))
                .until(() -> "COMPLETED".equals(text("#release-status .badge")));
        assertThat(rowStatus("APPLICATION_DEPLOYMENT")).isEqualTo("SUCCEEDED");
        String rollout = notes("APPLICATION_DEPLOYMENT");
        System.out.println("Phase 3 on the dashboard: " + rollout);
        assertThat(rollout).contains("successfully rolled out");
        assertThat(text("#timeline tr[data-stage='APPLICATION_DEPLOYMENT'] td:nth-child(5)"))
                .as("Phase 3's measured duration")
                .matches("\\d+(\\.\\d)? (ms|s)|\\d+ min \\d+ s");
        String database = notes("DATABASE_MIGRATION");
        System.out.println("Phase 2 on the dashboard: " + database);
        assertThat(database).contains("rehearsal").contains("20261126_001");
        String monitoring = notes("MONITORING_VALIDATION");
        System.out.println("Phase 8 on the dashboard: " + monitoring);
        assertThat(monitoring)
                .containsPattern(
                        "error-rate-immediate: last \\d+\\.\\d+% \\(threshold 5\\.00%, window 9 s\\), \\d+ samples")
                .containsPattern("availability \\d+\\.\\d+% >= 50%")
                .containsPattern("test alert to PagerDuty service " + LocalStack.SHOP_PAGERDUTY_SERVICE_ID
                        + " listed as incident #1 after \\d+\\.\\d s <= 5\\.0 s");
        assertThat(texts("#timeline tr[data-stage='VOTE']")).hasSize(4);
        List<String> progressSeen = texts("#progress li .phase");
        System.out.println("progress messages from the stream: " + progressSeen.size());
        assertThat(progressSeen)
                .as("progress from the event stream, the rollout's among it")
                .contains("APPLICATION_DEPLOYMENT", "MONITORING_VALIDATION");
        assertThat(actionButtons())
                .as("nothing left to do on a completed release")
                .isEmpty();
        script("document.querySelector('#timeline tr[data-stage=DATABASE_MIGRATION]').scrollIntoView()");
        screenshot("dashboard-completed-release");

        Run timeline = run(as(DemoUser.VAL), "release", "timeline", release, "--format", "md");

        assertThat(timeline.exit()).as(timeline.toString()).isZero();
        assertThat(timeline.out()).contains("| Time | Phase | Task | Status | Duration | Notes |");
        for (Phase phase : Phase.values()) {
            assertThat(timeline.out().lines())
                    .as(timeline.out())
                    .anyMatch(line -> line.startsWith("|") && line.contains(phase.task()));
        }
        return release;
    }

    /**
     * A release whose health check fails, started from the dashboard and voted on with the CLI: following it ends with
     * the rolled-back exit code.
     *
     * @return the release's id
     */
    static String failingReleaseStartedFromTheDashboardAndVotedOnWithTheCli() throws Exception {
        signIn(dashboard, DemoUser.DANA);
        assertThat(visible("#show-start")).as("a deployer may start a release").isTrue();
        click("#show-start");
        type("#spec", "{\"application\":\"shop\"}");
        click("#start");
        await("the API's refusal, shown as its problem")
                .atMost(Duration.ofSeconds(10))
                .until(() -> visible("#problem"));
        assertThat(text("#problem-title")).isEqualTo("Invalid release spec");
        assertThat(text("#problem-detail")).isNotBlank();

        type("#spec", DemoReleases.json(DemoReleases.failingHealth()));
        click("#start");
        await("the new release's page")
                .atMost(Duration.ofSeconds(30))
                .until(() -> RELEASE_PAGE.matcher(browser.getCurrentUrl()).find());
        Matcher page = RELEASE_PAGE.matcher(browser.getCurrentUrl());
        assertThat(page.find()).isTrue();
        String release = page.group(1);
        assertThat(actionButtons()).as("a deployer votes for no role").isEmpty();

        Following follow = Following.start(as(DemoUser.VAL), "release", "follow", release);
        voteGo(release, follow.migrationsHash());
        int exit = follow.exit();

        Files.write(work.resolve("follow-rolled-back.log"), follow.lines());
        assertThat(exit).as(follow.toString()).isEqualTo(10);
        assertThat(follow.lines())
                .anyMatch(line -> line.startsWith("[ROLLBK] HEALTH_CHECK_FAILED"))
                .anyMatch(line -> line.startsWith("[ FAIL ] Phase 5 "));
        assertThat(follow.lines()).last().asString().startsWith("Release " + release + " ROLLED_BACK after ");
        await("the rollback, seen live on the page")
                .atMost(Duration.ofSeconds(30))
                .until(() -> "ROLLED_BACK".equals(text("#release-status .badge")));

        Run report = run(as(DemoUser.VAL), "release", "incident-report", release);

        assertThat(report.exit()).as(report.toString()).isZero();
        assertThat(report.out()).contains("Production Deployment Rollback - v1.5.0", "HEALTH_CHECK_FAILED");

        signIn(dashboard, DemoUser.VAL);
        String row = "#release-list tr[data-id='" + release + "']";
        await("the release in the list").atMost(Duration.ofSeconds(20)).until(() -> visible(row));
        assertThat(text(row)).contains("shop", "production", "1.5.0", "ROLLED_BACK");
        assertThat(visible("#show-start"))
                .as("a viewer may not start a release")
                .isFalse();
        screenshot("dashboard-releases");

        for (DemoUser user : DemoUser.values()) {
            String token = stack.identity().token(user);
            assertThat(browser.getPageSource()).doesNotContain(token);
            assertThat(browser.getCurrentUrl()).doesNotContain(token);
            assertThat(read(stack.service(LocalStack.COORDINATOR).log()))
                    .as("the coordinator's log")
                    .doesNotContain(token);
        }
        return release;
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

    /** Signs out whoever is signed in, opens {@code url} and signs in with {@code user}'s token file. */
    private static void signIn(String url, DemoUser user) {
        browser.get(dashboard);
        // a tab that still holds a token signs itself in again, once GET /me has answered
        await().atMost(Duration.ofSeconds(10)).until(() -> visible("#sign-in") || visible("#sign-out"));
        if (visible("#sign-out")) {
            click("#sign-out");
            await().atMost(Duration.ofSeconds(10)).until(() -> visible("#sign-in"));
        }
        browser.get(url);
        await().atMost(Duration.ofSeconds(10)).until(() -> visible("#sign-in"));
        type("#token", read(tokens.resolve(user.subject())).strip());
        click("#sign-in-form button[type=submit]");
        await(user.subject() + " signed in")
                .atMost(Duration.ofSeconds(10))
                .until(() -> text("#who").startsWith(user.subject() + " (" + user.role()));
    }

    // The page re-renders from every event of the stream, so an element found a moment ago may be gone: reads are
    // one script each, and a click is tried again on the element as it is now.

    private static void click(String selector) {
        await().atMost(Duration.ofSeconds(10))
                .ignoreException(StaleElementReferenceException.class)
                .until(() -> {
                    browser.findElement(By.cssSelector(selector)).click();
                    return true;
                });
    }

    private static void type(String selector, String value) {
        WebElement element = browser.findElement(By.cssSelector(selector));
        element.clear();
        element.sendKeys(value);
    }

    private static boolean visible(String selector) {
        return Boolean.TRUE.equals(script(
                "const e = document.querySelector(arguments[0]); return e !== null && e.checkVisibility();", selector));
    }

    /** What the user sees of the first element matching, as Selenium's getText: empty when hidden. */
    private static String text(String selector) {
        Object text = script(
                "const e = document.querySelector(arguments[0]); return e === null ? '' : e.innerText;", selector);
        return text == null ? "" : text.toString().strip();
    }

    private static List<String> texts(String selector) {
        Object found =
                script("return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent);", selector);
        return ((List<?>) found).stream().map(String::valueOf).toList();
    }

    /** The {@code data-action} of every button the page shows the signed-in user. */
    private static List<String> actionButtons() {
        Object found = script("return Array.from(document.querySelectorAll('#action-buttons button'))"
                + ".filter(b => b.checkVisibility()).map(b => b.dataset.action);");
        return ((List<?>) found).stream().map(String::valueOf).toList();
    }

    private static String rowStatus(String stage) {
        Object status = script(
                "const r = document.querySelector(`#timeline tr[data-stage='${arguments[0]}']`);"
                        + " return r === null ? '' : r.dataset.status;",
                stage);
        return String.valueOf(status);
    }

    private static String notes(String stage) {
        List<String> notes = texts("#timeline tr[data-stage='" + stage + "'] .notes");
        assertThat(notes).as("the %s row", stage).isNotEmpty();
        return notes.get(0);
    }

    private static Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) browser).executeScript(script, arguments);
    }

    private static void screenshot(String name) {
        Path file = root.resolve(System.getProperty("runway.screenshots", "deploy/local-stack/target/screenshots"))
                .resolve(name + ".png");
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
        System.out.println("screenshot: " + file);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
