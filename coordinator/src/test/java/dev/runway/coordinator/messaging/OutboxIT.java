package dev.runway.coordinator.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.runway.coordinator.persistence.OutboxEntity;
import dev.runway.coordinator.rest.TargetsProfile;
import dev.runway.coordinator.rest.Tokens;
import dev.runway.infra.KafkaBrokerResource;
import dev.runway.infra.KafkaTestClient;
import dev.runway.infra.PostgresResource;
import dev.runway.infra.PostgresServer;
import dev.runway.model.RunwayJson;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The outbox on the real PostgreSQL and broker: rows are written straight into the table the relay reads. */
@QuarkusTest
@WithTestResource(value = KafkaBrokerResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = PostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = OidcWiremockTestResource.class, scope = TestResourceScope.GLOBAL)
@TestProfile(TargetsProfile.class)
class OutboxIT {

    /** Over the producer's max.request.size of 1 MiB. */
    private static final int OVERSIZED = 1024 * 1024 + 1024;

    private static UUID release;

    @BeforeAll
    static void theNotifierHasStarted() {
        TargetsProfile.publishNotifierDirectory(KafkaTestClient.onTestBroker());
    }

    @Inject
    Outbox outbox;

    @Inject
    Retention retention;

    @Test
    void aRowTheBrokerRefusesIsParkedWithItsErrorAfterItsAttemptsWhileTheNextRowIsDelivered() throws Exception {
        String topic = "outbox-it-" + UUID.randomUUID();
        String marker = "secret-" + UUID.randomUUID();
        UUID oversized = insert(topic, marker + "x".repeat(OVERSIZED), "2 minutes");
        UUID next = insert(topic, "next-" + UUID.randomUUID(), "1 minute");
        double parkedBefore = metric("runway_outbox_parked_total{topic=\"" + topic + "\"}");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(row(next).sentAt()).isNotNull();
            assertThat(row(oversized).parkedAt()).isNotNull();
        });

        Row parked = row(oversized);
        assertThat(parked.sentAt()).isNull();
        assertThat(parked.attempts()).isEqualTo(3);
        assertThat(parked.lastError()).startsWith("RecordTooLargeException: ").doesNotContain(marker, "xxxx");
        assertThat(values(topic)).containsExactly(payload(next));
        assertThat(metric("runway_outbox_parked_total{topic=\"" + topic + "\"}"))
                .isEqualTo(parkedBefore + 1);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(metric("runway_outbox_parked_rows")).isGreaterThanOrEqualTo(1));
    }

    @Test
    void twoRelaysClaimingTheSameRowsConcurrentlySendEachRowOnce() throws Exception {
        String topic = "outbox-it-" + UUID.randomUUID();
        List<UUID> ids = new ArrayList<>();
        // one transaction, so that every row is there for the relays at once
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO outbox"
                        + " (id, release_id, topic, message_key, payload, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, now() - interval '1 minute')")) {
            c.setAutoCommit(false);
            for (int i = 0; i < 1000; i++) {
                UUID id = UUID.randomUUID();
                ids.add(id);
                s.setObject(1, id);
                s.setObject(2, release());
                s.setString(3, topic);
                s.setString(4, release().toString());
                s.setString(5, "row-" + i);
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        }

        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(this::relayUntilNothingIsLeft);
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(this::relayUntilNothingIsLeft);
        int sentByFirst = first.get();
        int sentBySecond = second.get();

        // the scheduled relay runs beside the two and may send some rows itself
        await().atMost(Duration.ofSeconds(30)).until(() -> unsent(ids) == 0);
        assertThat(sentByFirst).isPositive();
        assertThat(sentBySecond).isPositive();
        List<String> values = values(topic);
        assertThat(values).hasSize(1000);
        assertThat(new HashSet<>(values))
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.range(0, 1000).mapToObj(i -> "row-" + i).toList());
    }

    /**
     * A transition's rows share their created_at; a release's audit events must still reach the topic in the order
     * they were written (once seen: 24 before 23), whichever of the rows' random ids sorts first.
     */
    @Test
    void rowsWrittenInOneTransactionAreSentInTheOrderTheyWereWritten() throws Exception {
        String topic = "outbox-it-" + UUID.randomUUID();
        List<OutboxEntity> rows = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO outbox"
                        + " (id, release_id, topic, message_key, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            c.setAutoCommit(false);
            Timestamp now = Timestamp.from(Instant.now());
            for (int i = 0; i < 50; i++) {
                OutboxEntity row = new OutboxEntity();
                row.id = UUID.randomUUID();
                rows.add(row);
                s.setObject(1, row.id);
                s.setObject(2, release());
                s.setString(3, topic);
                s.setString(4, release().toString());
                s.setString(5, "row-" + i);
                s.setTimestamp(6, now);
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        }

        outbox.publish(rows).await().atMost(Duration.ofSeconds(30));

        assertThat(values(topic))
                .containsExactlyElementsOf(
                        IntStream.range(0, 50).mapToObj(i -> "row-" + i).toList());
    }

    @Test
    void retentionDeletesOldSentRowsAndOldEventIdsAndKeepsRecentSentUnsentAndParkedRows() throws Exception {
        String topic = "outbox-it-" + UUID.randomUUID();
        UUID oldSent = insert(topic, "old", "31 days", "30 days", null);
        UUID recentSent = insert(topic, "recent", "1 day", "1 day", null);
        UUID parked = insert(topic, "parked", "31 days", null, "30 days");
        // created just now: the relay leaves it alone for outbox-retry-after, and retention never deletes it
        UUID recentUnsent = insert(topic, "unsent", "1 second", null, null);
        UUID oldEvent = UUID.randomUUID();
        UUID recentEvent = UUID.randomUUID();
        try (Connection c = connect()) {
            insertEvent(c, oldEvent, "15 days");
            insertEvent(c, recentEvent, "1 day");
        }

        Retention.Deleted deleted = retention.deleteExpired().await().atMost(Duration.ofSeconds(30));

        assertThat(deleted.outboxRows()).isPositive();
        assertThat(deleted.eventIds()).isPositive();
        assertThat(exists("outbox", "id", oldSent)).isFalse();
        assertThat(exists("outbox", "id", recentSent)).isTrue();
        assertThat(exists("outbox", "id", parked)).isTrue();
        assertThat(exists("outbox", "id", recentUnsent)).isTrue();
        assertThat(exists("processed_event", "event_id", oldEvent)).isFalse();
        assertThat(exists("processed_event", "event_id", recentEvent)).isTrue();
    }

    private int relayUntilNothingIsLeft() {
        int total = 0;
        int sent;
        do {
            sent = outbox.relay().await().atMost(Duration.ofSeconds(60));
            total += sent;
        } while (sent > 0);
        return total;
    }

    /** A release of this class's own, which the outbox rows below belong to. */
    private static synchronized UUID release() throws IOException {
        if (release == null) {
            ObjectNode spec;
            try (InputStream in = OutboxIT.class.getResourceAsStream("/release-spec.json")) {
                spec = (ObjectNode) RunwayJson.wire().readTree(in);
            }
            spec.put("application", "outbox-app");
            String location = given().auth()
                    .oauth2(Tokens.of("dana-deployer", "deployer"))
                    .contentType("application/json")
                    .body(spec.toString())
                    .when()
                    .post("/releases")
                    .then()
                    .statusCode(201)
                    .extract()
                    .header("Location");
            release = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        }
        return release;
    }

    private static UUID insert(String topic, String payload, String age) throws IOException, SQLException {
        return insert(topic, payload, age, null, null);
    }

    /** A row created {@code age} ago, sent or parked that long ago unless null. */
    private static UUID insert(String topic, String payload, String age, String sentAge, String parkedAge)
            throws IOException, SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO outbox"
                        + " (id, release_id, topic, message_key, payload, created_at, sent_at, parked_at, attempts)"
                        + " VALUES (?, ?, ?, ?, ?, now() - ?::interval, now() - ?::interval, now() - ?::interval,"
                        + " CASE WHEN ?::text IS NULL THEN 0 ELSE 3 END)")) {
            s.setObject(1, id);
            s.setObject(2, release());
            s.setString(3, topic);
            s.setString(4, release().toString());
            s.setString(5, payload);
            s.setString(6, age);
            s.setString(7, sentAge);
            s.setString(8, parkedAge);
            s.setString(9, parkedAge);
            s.executeUpdate();
        }
        return id;
    }

    private static void insertEvent(Connection c, UUID id, String age) throws IOException, SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO processed_event (event_id, release_id, processed_at)"
                + " VALUES (?, ?, now() - ?::interval)")) {
            s.setObject(1, id);
            s.setObject(2, release());
            s.setString(3, age);
            s.executeUpdate();
        }
    }

    record Row(Object sentAt, Object parkedAt, int attempts, String lastError) {}

    private static Row row(UUID id) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT sent_at, parked_at, attempts, last_error FROM outbox WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return new Row(rs.getObject(1), rs.getObject(2), rs.getInt(3), rs.getString(4));
            }
        }
    }

    private static String payload(UUID id) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT payload FROM outbox WHERE id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static long unsent(List<UUID> ids) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s =
                        c.prepareStatement("SELECT count(*) FROM outbox WHERE id = ANY(?) AND sent_at IS NULL")) {
            s.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean exists(String table, String column, UUID id) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT 1 FROM " + table + " WHERE " + column + " = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    static Connection connect() throws SQLException {
        return DriverManager.getConnection(
                PostgresResource.server().jdbcUrl(PostgresResource.DATABASE),
                PostgresServer.USER,
                PostgresServer.PASSWORD);
    }

    /** Every value on {@code topic}, read up to the end offsets it has now. */
    static List<String> values(String topic) {
        return records(topic).stream().map(ConsumerRecord::value).toList();
    }

    static List<ConsumerRecord<String, String>> records(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBrokerResource.broker().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "false",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            if (partitions.isEmpty()) {
                return List.of();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            return records;
        }
    }

    /** The value of one metric series as /q/metrics shows it, 0 before it exists. */
    static double metric(String series) {
        String prefix = series + " ";
        return given().when()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString()
                .lines()
                .filter(line -> line.startsWith(prefix))
                .mapToDouble(line ->
                        Double.parseDouble(line.substring(prefix.length()).trim()))
                .sum();
    }
}
