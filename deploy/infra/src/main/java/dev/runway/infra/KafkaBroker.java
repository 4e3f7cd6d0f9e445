package dev.runway.infra;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real Kafka broker in KRaft mode (combined broker and controller), running in this JVM.
 * Ports are ephemeral; logs live under {@code java.io.tmpdir} and are deleted on close.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);

    private final KafkaClusterTestKit cluster;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static KafkaBroker start() {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                            .setCombined(true)
                            .setNumBrokerNodes(1)
                            .setNumControllerNodes(1)
                            // the test kit's default is an unreleased metadata version
                            .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                            .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                    .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                    .setConfigProp("default.replication.factor", "1")
                    .setConfigProp("min.insync.replicas", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new KafkaBroker(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker did not start", e);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics(Collection<String> topics, int partitions) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> wanted = topics.stream()
                    .map(t -> new NewTopic(t, partitions, (short) 1))
                    .toList();
            for (Map.Entry<String, org.apache.kafka.common.KafkaFuture<Void>> result :
                    admin.createTopics(wanted).values().entrySet()) {
                try {
                    result.getValue().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + result.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    /**
     * Stops the broker, keeps it down for {@code down}, and starts it again on the same port, as a broker restart in
     * production would: clients see their connections refused, then the same broker back with its logs. The
     * controller keeps running, so the cluster's metadata survives. The test kit binds each listener once and hands
     * the same port to a restarted broker.
     *
     * @return how long clients could not reach the broker, from the start of the shutdown to ready again
     */
    public Duration restart(Duration down) {
        long started = System.nanoTime();
        cluster.brokers().values().forEach(BrokerServer::shutdown);
        cluster.brokers().values().forEach(BrokerServer::awaitShutdown);
        pause(down);
        cluster.brokers().values().forEach(BrokerServer::startup);
        awaitReachable(Duration.ofSeconds(60));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private void awaitReachable(Duration within) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "2000");
        long deadline = System.nanoTime() + within.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (!reachable(admin)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the restarted broker was not back within " + within);
                }
                pause(Duration.ofMillis(100));
            }
        }
    }

    private static boolean reachable(Admin admin) {
        try {
            return !admin.describeCluster().nodes().get().isEmpty()
                    && !admin.listTopics().names().get().isEmpty();
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the broker restarted", e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the broker was down", e);
        }
    }

    @Override
    public void close() {
        // A broker stopping while its log directories are deleted around it (shutdown hooks run concurrently) may
        // call Kafka's Exit.halt, which would end the embedding JVM, a test JVM included, with a failing exit code.
        Exit.setHaltProcedure((status, message) ->
                LOG.warn("Kafka asked to halt with status {} while stopping: {}", status, message));
        Exit.setExitProcedure((status, message) ->
                LOG.warn("Kafka asked to exit with status {} while stopping: {}", status, message));
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka broker did not stop cleanly", e);
        }
    }
}
