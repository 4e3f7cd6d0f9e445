package dev.runway.rollout.cache.cloudfront;

import dev.runway.rollout.cache.DistributionInvalidator;
import dev.runway.rollout.config.RolloutAgentConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClientBuilder;
import software.amazon.awssdk.services.cloudfront.model.Invalidation;

/**
 * {@link DistributionInvalidator} for CloudFront, through AWS SDK v2: {@code CreateInvalidation}, then
 * {@code GetInvalidation} every poll interval until {@code Completed}. A client per call, because each distribution
 * may have its own account, and an invalidation happens once per release.
 */
@ApplicationScoped
public class CloudFrontInvalidator implements DistributionInvalidator {

    private static final Logger LOG = Logger.getLogger(CloudFrontInvalidator.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Clock clock;

    public CloudFrontInvalidator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Result invalidate(RolloutAgentConfig.CloudFront distribution, String callerReference, Instant giveUpAt) {
        String distributionId = distribution.distributionId();
        Instant start = clock.instant();
        String id = null;
        String status = null;
        try (CloudFrontClient client = client(distribution)) {
            Invalidation created = client.createInvalidation(r -> r.distributionId(distributionId)
                            .invalidationBatch(b -> b.callerReference(callerReference)
                                    .paths(p -> p.quantity(distribution.paths().size())
                                            .items(distribution.paths()))))
                    .invalidation();
            id = created.id();
            status = created.status();
            LOG.infof(
                    "CloudFront invalidation %s of distribution %s (caller reference %s): %s",
                    id, distributionId, callerReference, status);
            while (!Result.COMPLETED.equals(status)) {
                Instant now = clock.instant();
                if (!now.isBefore(giveUpAt)) {
                    return new Result(
                            id,
                            status,
                            Duration.between(start, now),
                            "CloudFront invalidation %s of distribution %s still %s after %s"
                                    .formatted(id, distributionId, status, seconds(Duration.between(start, now))));
                }
                Duration wait = Duration.between(now, giveUpAt);
                Thread.sleep(Math.max(
                        1,
                        (wait.compareTo(distribution.pollInterval()) < 0 ? wait : distribution.pollInterval())
                                .toMillis()));
                String invalidationId = id;
                status = client.getInvalidation(
                                r -> r.distributionId(distributionId).id(invalidationId))
                        .invalidation()
                        .status();
            }
            return new Result(id, status, Duration.between(start, clock.instant()), null);
        } catch (SdkException e) {
            String reason = redact(String.valueOf(e.getMessage()), distribution);
            LOG.warnf("CloudFront invalidation of distribution %s failed: %s", distributionId, reason);
            return new Result(
                    id,
                    status,
                    Duration.between(start, clock.instant()),
                    (id == null ? "" : "CloudFront invalidation " + id + ": ") + reason);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(
                    id,
                    status,
                    Duration.between(start, clock.instant()),
                    "interrupted while waiting for CloudFront invalidation " + id);
        }
    }

    private static CloudFrontClient client(RolloutAgentConfig.CloudFront distribution) {
        CloudFrontClientBuilder builder = CloudFrontClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CALL_TIMEOUT)
                        .socketTimeout(CALL_TIMEOUT))
                .region(Region.of(distribution.region()))
                .credentialsProvider(credentials(distribution))
                .overrideConfiguration(c -> c.apiCallTimeout(CALL_TIMEOUT));
        distribution.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Configured keys where both are given; otherwise the SDK's chain (environment, web identity, instance role). */
    private static AwsCredentialsProvider credentials(RolloutAgentConfig.CloudFront distribution) {
        if (distribution.accessKeyId().isPresent()
                && distribution.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(
                    distribution.accessKeyId().get(),
                    distribution.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** SDK messages do not quote the secret key; this keeps it so should one ever do. */
    static String redact(String message, RolloutAgentConfig.CloudFront distribution) {
        return distribution
                .secretAccessKey()
                .map(s -> message.replace(s, "***"))
                .orElse(message);
    }

    /** e.g. {@code 3.2 s}. */
    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
