package dev.runway.rollout;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import redis.embedded.RedisServer;

/**
 * A real Redis with a password, configured as the cache named {@value #CACHE}, as {@value #WRONG_PASSWORD_CACHE} with
 * a password Redis refuses, and as {@value #SHARED_CACHE}: the keys under {@value #SHARED_PREFIX} in database 1, which
 * other applications share.
 */
public class RedisResource implements QuarkusTestResourceLifecycleManager {

    public static final String CACHE = "sessions";
    public static final String PASSWORD = "Sup3r-s3cret-cache-pw";
    public static final String WRONG_PASSWORD_CACHE = "sessions-misconfigured";
    public static final String WRONG_PASSWORD = "Wr0ng-s3cret-cache-pw";
    public static final String SHARED_CACHE = "shop-shared";
    public static final String SHARED_PREFIX = "shop:";
    public static final int SHARED_SCAN_COUNT = 100;

    private static RedisServer server;
    private static int port;

    public static String uri() {
        return "redis://:%s@127.0.0.1:%d/0".formatted(PASSWORD, port);
    }

    public static String sharedUri() {
        return "redis://:%s@127.0.0.1:%d/1".formatted(PASSWORD, port);
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
                "runway.caches.\"" + CACHE + "\".uri",
                uri(),
                "runway.caches.\"" + WRONG_PASSWORD_CACHE + "\".uri",
                "redis://:%s@127.0.0.1:%d/0".formatted(WRONG_PASSWORD, port),
                "runway.caches.\"" + SHARED_CACHE + "\".uri",
                sharedUri(),
                "runway.caches.\"" + SHARED_CACHE + "\".key-prefix",
                SHARED_PREFIX,
                "runway.caches.\"" + SHARED_CACHE + "\".scan-count",
                Integer.toString(SHARED_SCAN_COUNT));
    }

    @Override
    public void stop() {
        // shared with later test classes; stopped by the shutdown hook
    }
}
