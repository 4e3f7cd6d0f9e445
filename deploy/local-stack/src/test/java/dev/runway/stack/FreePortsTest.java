package dev.runway.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void portsLieBelowTheEphemeralRangeAndAreDistinctAndFree() throws IOException {
        FreePorts free = new FreePorts();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            ports.add(free.next());
        }
        assertThat(ports)
                .hasSize(9)
                .allSatisfy(port -> assertThat(port).isBetween(20000, FreePorts.ephemeralStart() - 1));
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void theListenerOnAPortIsTheProcessHoldingIt() throws IOException {
        long self = ProcessHandle.current().pid();
        long parent = ProcessHandle.current().parent().orElseThrow().pid();
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(Listener.ownedBy(self, socket.getLocalPort())).contains(true);
            assertThat(Listener.ownedBy(parent, socket.getLocalPort())).contains(false);
        }
        int closed = new FreePorts().next();
        assertThat(Listener.ownedBy(self, closed)).contains(false);
    }
}
