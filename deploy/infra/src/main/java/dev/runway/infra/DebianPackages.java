package dev.runway.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian packages the stack and the tests run programs of, installed with apt-get when a program is missing, saying
 * so: a fresh machine needs only JDK 17 and Maven for the README's commands.
 */
final class DebianPackages {

    private DebianPackages() {}

    /**
     * @param binaries what must be executable afterwards
     * @param packages the Debian packages that provide them
     * @throws IllegalStateException when one is missing and cannot be installed
     */
    static synchronized void ensureInstalled(List<Path> binaries, String... packages) {
        if (binaries.stream().allMatch(Files::isExecutable)) {
            return;
        }
        String names = String.join(" ", packages);
        String command = "apt-get update && apt-get install -y --no-install-recommends " + names;
        System.out.println("one of " + binaries + " is missing: installing Debian's " + names + " with: " + command);
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(
                    "one of " + binaries + " is missing and only root can install it; run as root: " + command);
        }
        try {
            Path log = Files.createTempFile("apt-get-", ".log");
            // The lock timeout lets a concurrent installation (another JVM of the same build) finish first.
            PrometheusServer.run(log, "apt-get", "-o", "DPkg::Lock::Timeout=300", "update");
            String[] install = {"apt-get", "-o", "DPkg::Lock::Timeout=300", "install", "-y", "--no-install-recommends"};
            String[] all = new String[install.length + packages.length];
            System.arraycopy(install, 0, all, 0, install.length);
            System.arraycopy(packages, 0, all, install.length, packages.length);
            PrometheusServer.run(log, all);
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not install " + names, e);
        }
        if (!binaries.stream().allMatch(Files::isExecutable)) {
            throw new IllegalStateException(names + " installed but one of " + binaries + " is missing");
        }
        System.out.println(names + " installed");
    }
}
