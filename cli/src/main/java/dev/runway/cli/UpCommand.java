package dev.runway.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code runway up}: the README's "keep the stack running" command, {@code mvn -B install -Pup -DskipTests} in the
 * repository, in the foreground. Ctrl-C reaches mvn as well (same process group); the stack's own shutdown then stops
 * every process it started, and this waits for mvn so the prompt comes back only when nothing is left.
 */
@Command(
        name = "up",
        mixinStandardHelpOptions = true,
        description = {
            "Builds Runway and runs the local stack on the documented ports until Ctrl-C: mvn -B install -Pup"
                    + " -DskipTests in the repository (found from this jar's place, or $RUNWAY_HOME).",
            "It prints every address, the demo users' token files and a line starting READY:; then, e.g.:",
            "  runway login --url http://127.0.0.1:8080 --token-file"
                    + " deploy/local-stack/target/local-stack/tokens/dana"
        })
final class UpCommand implements Callable<Integer> {

    static final String HOME_VARIABLE = "RUNWAY_HOME";

    /** How long mvn gets to stop the stack after this process is asked to stop. */
    private static final long STOP_WAIT_SECONDS = 60;

    @Parameters(paramLabel = "<maven-args>", description = "more arguments for mvn, e.g. -o (offline)")
    List<String> mavenArgs = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        Path root = repository();
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "install", "-Pup", "-DskipTests"));
        command.addAll(mavenArgs);
        System.out.println("runway up: " + String.join(" ", command) + "  (in " + root + ")");
        System.out.flush();
        Process mvn;
        try {
            mvn = new ProcessBuilder(command)
                    .directory(root.toFile())
                    .inheritIO()
                    .start();
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.ERROR, "cannot run mvn (is Maven installed and on the PATH?): " + e.getMessage(), e);
        }
        Thread stop = new Thread(
                () -> {
                    mvn.destroy();
                    try {
                        mvn.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "runway-up-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        int exit = mvn.waitFor();
        Runtime.getRuntime().removeShutdownHook(stop);
        return exit == 0 ? ExitCodes.OK : ExitCodes.ERROR;
    }

    /** $RUNWAY_HOME, else the checkout this jar was built in (cli/target/runway.jar). */
    static Path repository() {
        String home = System.getenv(HOME_VARIABLE);
        Path root;
        if (home != null && !home.isBlank()) {
            root = Path.of(home);
        } else {
            Path jar = jar();
            root = jar == null || jar.getParent() == null
                    ? null
                    : jar.getParent().getParent();
            root = root == null ? null : root.getParent();
        }
        if (root == null || !Files.isRegularFile(root.resolve("deploy/local-stack/pom.xml"))) {
            throw new CliException(
                    ExitCodes.ERROR,
                    "cannot find the Runway repository" + (root == null ? "" : " at " + root) + "; set " + HOME_VARIABLE
                            + " to its directory");
        }
        return root.toAbsolutePath().normalize();
    }

    private static Path jar() {
        try {
            return Path.of(UpCommand.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toAbsolutePath();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }
}
