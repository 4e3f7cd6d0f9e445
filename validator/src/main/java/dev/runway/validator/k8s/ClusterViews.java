package dev.runway.validator.k8s;

import dev.runway.validator.config.ValidatorConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each environment's {@link ClusterView}, from {@code runway.validator.environments."<env>".cluster.*}: a client per
 * environment, made when first asked for and closed at shutdown.
 */
@ApplicationScoped
public class ClusterViews {

    private final ValidatorConfig config;
    private final Map<String, KubernetesClient> clients = new ConcurrentHashMap<>();

    public ClusterViews(ValidatorConfig config) {
        this.config = config;
    }

    /** Empty when the environment names neither a master URL nor the in-cluster configuration. */
    public Optional<ClusterView> of(String environment) {
        Optional<ValidatorConfig.Cluster> cluster =
                Optional.ofNullable(config.environments().get(environment)).map(ValidatorConfig.Environment::cluster);
        if (cluster.isEmpty()
                || (cluster.get().masterUrl().isEmpty() && !cluster.get().inCluster())) {
            return Optional.empty();
        }
        return Optional.of(new Fabric8ClusterView(clients.computeIfAbsent(environment, e -> client(cluster.get()))));
    }

    private KubernetesClient client(ValidatorConfig.Cluster cluster) {
        int timeoutMillis = Math.toIntExact(config.requestTimeout().toMillis());
        // a master URL names everything; otherwise fabric8 reads the pod's service account (and KUBERNETES_* env)
        ConfigBuilder builder =
                cluster.masterUrl().isPresent() ? new ConfigBuilder(Config.empty()) : new ConfigBuilder();
        cluster.masterUrl().ifPresent(url -> builder.withMasterUrl(url.toString()));
        cluster.token().ifPresent(builder::withOauthToken);
        cluster.caCertFile().ifPresent(file -> builder.withCaCertFile(file.toString()));
        Config fabric8 = builder.withConnectionTimeout(timeoutMillis)
                .withRequestTimeout(timeoutMillis)
                // a check reads once; the phase's deadline, not the client, decides how long to wait
                .withRequestRetryBackoffLimit(0)
                .build();
        return new KubernetesClientBuilder().withConfig(fabric8).build();
    }

    @PreDestroy
    void close() {
        clients.values().forEach(KubernetesClient::close);
    }
}
