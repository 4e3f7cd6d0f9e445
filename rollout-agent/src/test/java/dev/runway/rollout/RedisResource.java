package dev.runway.rollout;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import redis.embedded.RedisServer;

/**
 * A real Redis with a password, configured as the cache named {@value #CACHE}, and as
 * {@value #WRONG_PASSWORD_CACHE} with a password Redis refuses.
 */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    public static final String CACHE = "sessions";
    public static final String PASSWORD = "Sup3r-s3cret-cache-pw";
    public static final String WRONG_PASSWORD_CACHE = "sessions-misconfigured";
    public static final String WRONG_PASSWORD = "Wr0ng-s3cret-cache-pw";

    private static RedisServer server;
    private static int port;

    public static String uri() {
        return "redis://:%s@127.0.0.1:%d/0".formatted(PASSWORD, port);
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            if (server == null) {
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                server = RedisServer.newRedisServer()
                        .port(port)
                        .bind("127.0.0.1")
                        .setting("requirepass " + PASSWORD)
                        .setting("save \"\"")
                        .build();
                server.start();
                Runtime.getRuntime()
                        .addShutdownHook(new Thread(
                                () -> {
                                    try {
                                        server.stop();
                                    } catch (IOException e) {
                                        throw new UncheckedIOException(e);
                                    }
                                },
                                "redis-stop"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "runway.caches.\"" + CACHE + "\".uri", uri(),
                "runway.caches.\"" + WRONG_PASSWORD_CACHE + "\".uri",
                        "redis://:%s@127.0.0.1:%d/0".formatted(WRONG_PASSWORD, port));
    }

    @Override
    public void stop() {
        // shared with later test classes; stopped by the shutdown hook
    }
}
