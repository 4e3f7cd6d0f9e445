package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.runway.infra.ChromiumTools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
 * The dashboard in a real browser (Debian's Chromium, headless) against the whole local stack: the deployer starts a
 * release from the page, each voter signs in with their own token file and clicks GO, and the page follows the
 * release live to COMPLETED with the measured verdicts in its timeline; a viewer sees it without a single button.
 * Screenshots of the list, a live release and the completed timeline go to {@code target/screenshots}, or where
 * {@code -Drunway.screenshots} says: {@code -Drunway.screenshots=docs/screenshots} refreshes the README's (a run must not
 * change committed files).
 */
class DashboardIT {

    private static final Pattern RELEASE_PAGE = Pattern.compile("/dashboard/releases/([0-9a-f-]{36})$");

    static Path root;
    static LocalStack stack;
    static Path tokens;
    static Path profile;
    static WebDriver browser;
    static String dashboard;

    @BeforeAll
    static void start() throws IOException {
        root = Path.of(System.getProperty("runway.root", "../.."))
                .toAbsolutePath()
                .normalize();
        ChromiumTools.ensureInstalled();
        Path work = root.resolve("deploy/local-stack/target/dashboard-stack");
        stack = LocalStack.start(root, work, false);
        tokens = UpMain.writeTokens(work, stack.identity());
        dashboard = stack.service(LocalStack.COORDINATOR).url() + "/dashboard";
        profile = Files.createTempDirectory("dashboard-it-chromium-");
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

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
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

    @Test
    void aReleaseIsStartedVotedOnAndWatchedToCompletedFromTheDashboard() {
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

        type("#spec", DemoReleases.json(DemoReleases.healthy()));
        click("#start");
        await("the new release's page")
                .atMost(Duration.ofSeconds(30))
                .until(() -> RELEASE_PAGE.matcher(browser.getCurrentUrl()).find());
        Matcher page = RELEASE_PAGE.matcher(browser.getCurrentUrl());
        assertThat(page.find()).isTrue();
        String release = page.group(1);
        String releasePage = dashboard + "/releases/" + release;

        await("GO/NO-GO opens once pre-flight has passed")
                .atMost(Duration.ofMinutes(3))
                .until(() -> visible("#vote"));
        assertThat(actionButtons()).as("a deployer votes for no role").isEmpty();
        assertThat(text("#live")).contains("live");

        signIn(releasePage, DemoUser.VAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> visible("#vote"));
        assertThat(text("#vote")).contains("Still to vote");
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

        await("the release COMPLETED, seen live on the page")
                .atMost(Duration.ofMinutes(3))
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
        List<String> progress = texts("#progress li .phase");
        System.out.println("progress messages from the stream: " + progress.size());
        assertThat(progress)
                .as("progress from the event stream, the rollout's among it")
                .contains("APPLICATION_DEPLOYMENT", "MONITORING_VALIDATION");
        assertThat(actionButtons())
                .as("nothing left to do on a completed release")
                .isEmpty();
        script("document.querySelector('#timeline tr[data-stage=DATABASE_MIGRATION]').scrollIntoView()");
        screenshot("dashboard-completed-release");

        signIn(dashboard, DemoUser.VAL);
        String row = "#release-list tr[data-id='" + release + "']";
        await("the release in the list").atMost(Duration.ofSeconds(20)).until(() -> visible(row));
        assertThat(text(row)).contains("shop", "production", "1.4.0", "COMPLETED");
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
