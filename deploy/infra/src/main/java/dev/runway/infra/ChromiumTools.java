package dev.runway.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium and its WebDriver, which the dashboard's browser test drives headless: installed with apt-get
 * when missing, saying so, as Prometheus and the PostgreSQL client tools are. Selenium is given both paths, so it
 * never looks for (or downloads) a browser of its own.
 */
public final class ChromiumTools {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static final List<Path> BINARIES = List.of(BROWSER, DRIVER);
    private static final String INSTALL_COMMAND =
            "apt-get update && apt-get install -y --no-install-recommends chromium chromium-driver";

    private ChromiumTools() {}

    /** @throws IllegalStateException when Chromium or chromedriver is missing and cannot be installed */
    public static synchronized void ensureInstalled() {
        if (BINARIES.stream().allMatch(Files::isExecutable)) {
            return;
        }
        System.out.println("chromium or chromedriver is missing: installing Debian's chromium and chromium-driver"
                + " packages with: " + INSTALL_COMMAND);
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(
                    "Chromium or chromedriver is missing and only root can install them; run as root: "
                            + INSTALL_COMMAND);
        }
        try {
            Path log = Files.createTempFile("chromium-install-", ".log");
            // The lock timeout lets a concurrent installation (another JVM of the same build) finish first.
            PrometheusServer.run(log, "apt-get", "-o", "DPkg::Lock::Timeout=300", "update");
            PrometheusServer.run(
                    log,
                    "apt-get",
                    "-o",
                    "DPkg::Lock::Timeout=300",
                    "install",
                    "-y",
                    "--no-install-recommends",
                    "chromium",
                    "chromium-driver");
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not install chromium", e);
        }
        if (!BINARIES.stream().allMatch(Files::isExecutable)) {
            throw new IllegalStateException(
                    "chromium and chromium-driver are installed but one of " + BINARIES + " is missing");
        }
        System.out.println("chromium and chromium-driver installed");
    }
}
