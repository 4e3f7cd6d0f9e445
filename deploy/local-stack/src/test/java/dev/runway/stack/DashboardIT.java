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
 * Screenshots of the list, a live release and the completed timeline go to {@code docs/screenshots}.
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
        assertThat(visible(By.id("show-start")))
                .as("a deployer may start a release")
                .isTrue();

        browser.findElement(By.id("show-start")).click();
        type(By.id("spec"), "{\"application\":\"shop\"}");
        browser.findElement(By.id("start")).click();
        await("the API's refusal, shown as its problem")
                .atMost(Duration.ofSeconds(10))
                .until(() -> visible(By.id("problem")));
        assertThat(text(By.id("problem-title"))).isEqualTo("Invalid release spec");
        assertThat(text(By.id("problem-detail"))).isNotBlank();

        type(By.id("spec"), DemoReleases.json(DemoReleases.healthy()));
        browser.findElement(By.id("start")).click();
        await("the new release's page")
                .atMost(Duration.ofSeconds(30))
                .until(() -> RELEASE_PAGE.matcher(browser.getCurrentUrl()).find());
        Matcher page = RELEASE_PAGE.matcher(browser.getCurrentUrl());
        assertThat(page.find()).isTrue();
        String release = page.group(1);
        String releasePage = dashboard + "/releases/" + release;

        await("GO/NO-GO opens once pre-flight has passed")
                .atMost(Duration.ofMinutes(3))
                .until(() -> visible(By.id("vote"))
                        && !browser.findElement(By.id("vote-facts"))
                                .getAttribute("data-missing")
                                .isEmpty());
        assertThat(actionButtons()).as("a deployer votes for no role").isEmpty();
        assertThat(text(By.id("live"))).contains("live");

        signIn(releasePage, DemoUser.VAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> visible(By.id("vote")));
        assertThat(actionButtons())
                .as("a viewer sees the open vote and no button")
                .isEmpty();
        assertThat(visible(By.id("actions"))).isFalse();

        // the deployment lead last, so that the live page watched from here on is one with buttons
        for (DemoUser voter : List.of(DemoUser.SAM, DemoUser.ALEX, DemoUser.KIM, DemoUser.LEE)) {
            String role = voter.votesAs().orElseThrow().name();
            signIn(releasePage, voter);
            By go = By.cssSelector("button[data-action='vote-go-" + role + "']");
            await(voter.subject() + "'s GO button")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> !browser.findElements(go).isEmpty());
            assertThat(actionButtons())
                    .as("%s votes only as %s", voter.subject(), role)
                    .allMatch(name -> name.endsWith(role)
                            || (voter == DemoUser.LEE
                                    && List.of("abort", "rollback-DEPLOYMENT_LEAD")
                                            .contains(name))
                            || (voter == DemoUser.ALEX && name.equals("rollback-ENGINEERING_MANAGER")));
            type(By.id("reason"), "ready (" + voter.subject() + ", from the dashboard)");
            browser.findElement(go).click();
            String said = role + " voted GO (" + voter.subject() + ")";
            await(voter.subject() + "'s vote in the timeline")
                    .atMost(Duration.ofSeconds(20))
                    .until(() -> browser.findElements(go).isEmpty()
                            && browser.findElements(By.cssSelector("#timeline tr[data-stage='VOTE'] .notes")).stream()
                                    .anyMatch(n -> n.getText().startsWith(said)));
            assertThat(visible(By.id("problem"))).as(text(By.id("problem"))).isFalse();
        }

        await("the release watching its guards (Phase 8), live")
                .atMost(Duration.ofMinutes(3))
                .until(() -> "RUNNING".equals(rowStatus("MONITORING_VALIDATION")));
        assertThat(text(By.id("live"))).contains("live");
        assertThat(actionButtons())
                .as("the deployment lead may abort or ask for a rollback")
                .contains("abort");
        screenshot("dashboard-live-release");

        await("the release COMPLETED, seen live on the page")
                .atMost(Duration.ofMinutes(3))
                .until(() -> "COMPLETED".equals(text(By.cssSelector("#release-status .badge"))));
        assertThat(rowStatus("APPLICATION_DEPLOYMENT")).isEqualTo("SUCCEEDED");
        String rollout = notes("APPLICATION_DEPLOYMENT");
        System.out.println("Phase 3 on the dashboard: " + rollout);
        assertThat(rollout).contains("successfully rolled out");
        assertThat(text(By.cssSelector("#timeline tr[data-stage='APPLICATION_DEPLOYMENT'] td:nth-child(5)")))
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
        assertThat(browser.findElements(By.cssSelector("#timeline tr[data-stage='VOTE']")))
                .hasSize(4);
        assertThat(browser.findElements(By.cssSelector("#progress li .phase")).stream()
                        .map(WebElement::getText)
                        .toList())
                .as("progress from the event stream, the rollout's among it")
                .contains("APPLICATION_DEPLOYMENT", "MONITORING_VALIDATION");
        assertThat(actionButtons())
                .as("nothing left to do on a completed release")
                .isEmpty();
        ((JavascriptExecutor) browser)
                .executeScript(
                        "document.querySelector('#timeline tr[data-stage=DATABASE_MIGRATION]').scrollIntoView()");
        screenshot("dashboard-completed-release");

        signIn(dashboard, DemoUser.VAL);
        By row = By.cssSelector("#release-list tr[data-id='" + release + "']");
        await("the release in the list")
                .atMost(Duration.ofSeconds(20))
                .until(() -> !browser.findElements(row).isEmpty());
        assertThat(browser.findElement(row).getAttribute("data-status")).isEqualTo("COMPLETED");
        assertThat(browser.findElement(row).getText()).contains("shop", "production", "1.4.0", "COMPLETED");
        assertThat(visible(By.id("show-start")))
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
        if (visible(By.id("sign-out"))) {
            browser.findElement(By.id("sign-out")).click();
            await().atMost(Duration.ofSeconds(10)).until(() -> visible(By.id("sign-in")));
        }
        browser.get(url);
        await().atMost(Duration.ofSeconds(10)).until(() -> visible(By.id("sign-in")));
        type(By.id("token"), read(tokens.resolve(user.subject())).strip());
        browser.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
        await(user.subject() + " signed in")
                .atMost(Duration.ofSeconds(10))
                .until(() -> text(By.id("who")).startsWith(user.subject() + " (" + user.role()));
    }

    private static void type(By field, String value) {
        WebElement element = browser.findElement(field);
        element.clear();
        element.sendKeys(value);
    }

    private static boolean visible(By by) {
        List<WebElement> found = browser.findElements(by);
        return !found.isEmpty() && found.get(0).isDisplayed();
    }

    private static String text(By by) {
        List<WebElement> found = browser.findElements(by);
        return found.isEmpty() ? "" : found.get(0).getText();
    }

    /** The {@code data-action} of every button the page offers the signed-in user. */
    private static List<String> actionButtons() {
        return browser.findElements(By.cssSelector("#action-buttons button")).stream()
                .filter(WebElement::isDisplayed)
                .map(b -> b.getAttribute("data-action"))
                .toList();
    }

    private static String rowStatus(String stage) {
        List<WebElement> rows = browser.findElements(By.cssSelector("#timeline tr[data-stage='" + stage + "']"));
        return rows.isEmpty() ? "" : rows.get(0).getAttribute("data-status");
    }

    private static String notes(String stage) {
        return browser.findElement(By.cssSelector("#timeline tr[data-stage='" + stage + "'] .notes"))
                .getAttribute("textContent");
    }

    private static void screenshot(String name) {
        Path file = root.resolve("docs/screenshots").resolve(name + ".png");
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
