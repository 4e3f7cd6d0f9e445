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
import org.jboss.logging.Logger;

/**
 * {@link CacheFlusher} for Redis: {@code FLUSHDB}, then {@code DBSIZE}. A client per call, because
 * each cache has its own address and a flush happens once per release.
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
    public Result flush(String uri) {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(uri));
        try {
            redis.send(Request.cmd(Command.FLUSHDB)).await().atMost(TIMEOUT);
            Response size = redis.send(Request.cmd(Command.DBSIZE)).await().atMost(TIMEOUT);
            return Result.answered(size.toLong());
        } catch (RuntimeException e) {
            String reason = redact(String.valueOf(e.getMessage()), uri);
            LOG.warnf("Redis flush failed: %s", reason);
            return Result.failed(reason);
        } finally {
            redis.close();
        }
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
