package dev.runway.rollout.cache.redis;

import dev.runway.rollout.cache.CacheFlusher;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * {@link CacheFlusher} for Redis. A database of its own is flushed ({@code FLUSHDB}, then {@code DBSIZE}); on an
 * instance shared with others only the cache's keys are removed, batch by batch ({@code SCAN MATCH prefix*}, then
 * {@code UNLINK}, which frees their memory off Redis's main thread), and a second complete {@code SCAN} counts what
 * is left. A client per call, because each cache has its own address and a flush happens once per release.
 */
@ApplicationScoped
public class RedisCacheFlusher implements CacheFlusher {

    private static final Logger LOG = Logger.getLogger(RedisCacheFlusher.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Vertx vertx;

    public RedisCacheFlusher(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Result flush(String uri, Optional<String> keyPrefix, int scanCount) {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(uri));
        try {
            if (keyPrefix.isPresent()) {
                String match = glob(keyPrefix.get()) + "*";
                long removed = scan(redis, match, scanCount, true);
                return Result.answered(removed, scan(redis, match, scanCount, false));
            }
            long before = send(redis, Request.cmd(Command.DBSIZE)).toLong();
            send(redis, Request.cmd(Command.FLUSHDB));
            return Result.answered(
                    before, send(redis, Request.cmd(Command.DBSIZE)).toLong());
        } catch (RuntimeException e) {
            String reason = redact(String.valueOf(e.getMessage()), uri);
            LOG.warnf("Redis flush failed: %s", reason);
            return Result.failed(reason);
        } finally {
            redis.close();
        }
    }

    /**
     * One complete SCAN over the keys matching {@code match}. SCAN may return a key twice; UNLINK counts only keys it
     * removed, so the sum is exact.
     *
     * @param unlink remove each batch and count the removed keys, or only count the keys found
     */
    private static long scan(Redis redis, String match, int count, boolean unlink) {
        long total = 0;
        String cursor = "0";
        do {
            Response page = send(
                    redis,
                    Request.cmd(Command.SCAN)
                            .arg(cursor)
                            .arg("MATCH")
                            .arg(match)
                            .arg("COUNT")
                            .arg(count));
            cursor = page.get(0).toString();
            Response keys = page.get(1);
            if (keys.size() == 0) {
                continue;
            }
            if (unlink) {
                Request request = Request.cmd(Command.UNLINK);
                for (Response key : keys) {
                    // as bytes: keys need not be UTF-8
                    request.arg(key.toBytes());
                }
                total += send(redis, request).toLong();
            } else {
                total += keys.size();
            }
        } while (!"0".equals(cursor));
        return total;
    }

    private static Response send(Redis redis, Request request) {
        return redis.send(request).await().atMost(TIMEOUT);
    }

    /** The prefix as a SCAN pattern that matches it literally: {@code shop:[eu]} is not a character class. */
    static String glob(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 4);
        for (char c : prefix.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.toString();
    }

    /** Client errors may quote the connection string; neither it nor its password may leave here. */
    static String redact(String message, String uri) {
        String redacted = message.replace(uri, "<redis uri>");
        String userInfo = URI.create(uri).getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            redacted = redacted.replace(userInfo, "***");
            String password = userInfo.substring(userInfo.indexOf(':') + 1);
            if (!password.isEmpty()) {
                redacted = redacted.replace(password, "***");
            }
        }
        return redacted;
    }
}
