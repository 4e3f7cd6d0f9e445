package dev.runway.validator.aws;

import dev.runway.validator.config.ValidatorConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2ClientBuilder;

/**
 * Each environment's {@link TargetHealthSource}, from {@code runway.validator.environments."<env>".load-balancer.*}:
 * a client per environment and region (by default the target group ARN's), made when first asked for and closed at
 * shutdown.
 */
@ApplicationScoped
public class TargetHealthSources {

    private final ValidatorConfig config;
    private final Map<String, ElasticLoadBalancingV2Client> clients = new ConcurrentHashMap<>();

    public TargetHealthSources(ValidatorConfig config) {
        this.config = config;
    }

    public TargetHealthSource of(String environment) {
        Optional<ValidatorConfig.LoadBalancer> settings = Optional.ofNullable(
                        config.environments().get(environment))
                .map(ValidatorConfig.Environment::loadBalancer);
        return arn -> {
            String region =
                    settings.flatMap(ValidatorConfig.LoadBalancer::region).orElseGet(() -> regionOf(arn));
            ElasticLoadBalancingV2Client client =
                    clients.computeIfAbsent(environment + "|" + region, k -> client(settings, region));
            return new ElbTargetHealthSource(client).describe(arn);
        };
    }

    /** {@code arn:aws:elasticloadbalancing:<region>:...}: the fourth field. */
    static String regionOf(String arn) {
        String[] fields = arn.split(":", 6);
        if (fields.length < 6 || fields[3].isEmpty()) {
            throw new IllegalArgumentException("no region in target group ARN " + arn
                    + " and none configured (runway.validator.environments.\"<env>\".load-balancer.region)");
        }
        return fields[3];
    }

    private ElasticLoadBalancingV2Client client(Optional<ValidatorConfig.LoadBalancer> settings, String region) {
        Duration timeout = config.requestTimeout();
        ElasticLoadBalancingV2ClientBuilder builder = ElasticLoadBalancingV2Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials(settings))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeout)
                        .socketTimeout(timeout))
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(timeout).apiCallTimeout(timeout.multipliedBy(3)));
        settings.flatMap(ValidatorConfig.LoadBalancer::endpointOverride).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(Optional<ValidatorConfig.LoadBalancer> settings) {
        Optional<String> keyId = settings.flatMap(ValidatorConfig.LoadBalancer::accessKeyId);
        Optional<String> secret = settings.flatMap(ValidatorConfig.LoadBalancer::secretAccessKey);
        if (keyId.isPresent() && secret.isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId.get(), secret.get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @PreDestroy
    void close() {
        clients.values().forEach(ElasticLoadBalancingV2Client::close);
    }
}
