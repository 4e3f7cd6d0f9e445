package dev.runway.stack;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which process listens on a TCP port, read from Linux's {@code /proc}. A readiness answer proves only that something
 * answered on the port; after a kill and restart it must be the new JVM, not whatever else took the port meanwhile.
 */
final class Listener {

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String LISTEN = "0A";

    private Listener() {}

    /**
     * @return empty where {@code /proc} cannot say (not Linux); otherwise whether {@code pid} holds a socket listening
     *     on {@code port}
     */
    static Optional<Boolean> ownedBy(long pid, int port) {
        if (!Files.isReadable(TABLES.get(0))) {
            return Optional.empty();
        }
        try {
            Set<String> inodes = listeningInodes(port);
            return Optional.of(!inodes.isEmpty() && holdsAny(pid, inodes));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Set<String> listeningInodes(int port) throws IOException {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        Set<String> inodes = new HashSet<>();
        for (Path table : TABLES) {
            if (!Files.isReadable(table)) {
                continue;
            }
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
                if (f.length > 9 && f[1].endsWith(hexPort) && LISTEN.equals(f[3])) {
                    inodes.add("socket:[" + f[9] + "]");
                }
            }
        }
        return inodes;
    }

    private static boolean holdsAny(long pid, Set<String> inodes) throws IOException {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed between listing and reading is not the listener
                }
            }
        }
        return false;
    }
}
