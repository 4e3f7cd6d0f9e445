package dev.runway.infra;

import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium and its WebDriver, which the dashboard's browser test drives headless. Selenium is given both
 * paths, so it never looks for (or downloads) a browser of its own.
 */
public final class ChromiumTools {

    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private ChromiumTools() {}

    /** @throws IllegalStateException when Chromium or chromedriver is missing and cannot be installed */
    public static void ensureInstalled() {
        DebianPackages.ensureInstalled(List.of(BROWSER, DRIVER), "chromium", "chromium-driver");
    }
}
