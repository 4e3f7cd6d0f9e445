package dev.runway.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Listening ports for a stack whose services are killed and started again on the same port. A port the kernel hands
 * out for {@code bind(0)} lies in its ephemeral range, which is also where every outgoing connection takes its local
 * port: while a killed service is down, a Kafka or JDBC client elsewhere on the machine may take its port, and the
 * restarted JVM then fails with "Port ... seems to be in use by another process". Ports below the ephemeral range are
 * only ever taken by an explicit bind.
 */
final class FreePorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** Linux's default start of the ephemeral range, for a machine that does not say. */
    private static final int DEFAULT_EPHEMERAL_START = 32768;

    private static final int LOWEST = 20000;

    private final Set<Integer> handedOut = new HashSet<>();
    private final int below;

    FreePorts() {
        this.below = ephemeralStart();
    }

    /** A port nothing listens on now, outside the ephemeral range and not handed out before by this instance. */
    int next() {
        int span = below - LOWEST;
        int start = ThreadLocalRandom.current().nextInt(span);
        for (int i = 0; i < span; i++) {
            int port = LOWEST + (start + i) % span;
            if (!handedOut.contains(port) && bindable(port)) {
                handedOut.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + below);
    }

    private static boolean bindable(int port) {
        return bindable(new InetSocketAddress(port))
                && bindable(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    private static boolean bindable(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int ephemeralStart() {
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            return Math.max(LOWEST + 1000, Integer.parseInt(range[0]));
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }
}
