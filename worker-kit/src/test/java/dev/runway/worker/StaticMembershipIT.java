package dev.runway.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.infra.KafkaBroker;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What static membership buys a worker that crashes: a consumer in its own JVM is killed with SIGKILL, and a consumer
 * with the same {@code group.instance.id} takes its place at once, where one with another id (a replaced pod) waits
 * for the dead member's session to time out.
 */
class StaticMembershipIT {

    private static final int PARTITIONS = 3;

    private static KafkaBroker broker;

    private final List<Process> members = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void killMembers() {
        members.forEach(Process::destroyForcibly);
    }

    @Test
    void aMemberKilledAndRestartedWithTheSameInstanceIdGetsItsPartitionsBackWellWithinTheSessionTimeout()
            throws Exception {
        String topic = topic();
        String group = "worker-" + UUID.randomUUID();
        killAfterItsPartitionsArrive(startMember(group, "migrator-7d9f-x2k4q", topic));

        Duration takeover = timeToPartitions(group, "migrator-7d9f-x2k4q", topic);
        System.out.println("partitions back to the same instance id after " + takeover.toMillis() + " ms");

        assertThat(takeover).isLessThan(Duration.ofSeconds(3));
        assertThat(takeover).isLessThan(Duration.ofMillis(StaticMember.SESSION_TIMEOUT_MS));
    }

    @Test
    void aReplacementWithAnotherInstanceIdWaitsForTheDeadMembersSessionToTimeOut() throws Exception {
        String topic = topic();
        String group = "worker-" + UUID.randomUUID();
        killAfterItsPartitionsArrive(startMember(group, "migrator-7d9f-x2k4q", topic));

        Duration takeover = timeToPartitions(group, "migrator-7d9f-p8z2m", topic);
        System.out.println("partitions to another instance id after " + takeover.toMillis() + " ms");

        // the dead member's last heartbeat came at most one heartbeat interval (3 s) before the kill
        assertThat(takeover).isGreaterThan(Duration.ofMillis(StaticMember.SESSION_TIMEOUT_MS - 3_500));
    }

    private static String topic() {
        String topic = "static-membership-" + UUID.randomUUID();
        broker.createTopics(List.of(topic), PARTITIONS);
        return topic;
    }

    private Process startMember(String group, String instanceId, String topic) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process member = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        classpath,
                        StaticMember.class.getName(),
                        broker.bootstrapServers(),
                        group,
                        instanceId,
                        topic)
                .redirectError(new File("target/static-member-" + instanceId + ".err"))
                .start();
        members.add(member);
        return member;
    }

    /** Waits until the member holds every partition, then kills it with SIGKILL. */
    private static void killAfterItsPartitionsArrive(Process member) throws Exception {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(member.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
                assertThat(line)
                        .as("the member's output before it got its partitions")
                        .isNotNull();
            } while (!line.equals(StaticMember.ASSIGNED + PARTITIONS));
            member.destroyForcibly();
            assertThat(member.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(member.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    }

    /** How long a new consumer with {@code instanceId} takes from subscribing to holding every partition. */
    private static Duration timeToPartitions(String group, String instanceId, String topic) {
        Set<TopicPartition> assigned = new CopyOnWriteArraySet<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(StaticMember.config(broker.bootstrapServers(), group, instanceId))) {
            long began = System.nanoTime();
            consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned.removeAll(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned.addAll(partitions);
                }
            });
            Duration limit = Duration.ofMillis(StaticMember.SESSION_TIMEOUT_MS * 3L);
            while (assigned.size() < PARTITIONS) {
                consumer.poll(Duration.ofMillis(50));
                assertThat(Duration.ofNanos(System.nanoTime() - began))
                        .as("waiting for partitions")
                        .isLessThan(limit);
            }
            return Duration.ofNanos(System.nanoTime() - began);
        }
    }
}
