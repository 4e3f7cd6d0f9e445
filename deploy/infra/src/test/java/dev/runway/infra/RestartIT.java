package dev.runway.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The outages the chaos tests cause are real: the servers go away, come back on their ports, and keep their data. */
class RestartIT {

    @Test
    void aRestartedBrokerComesBackOnItsPortWithItsRecords() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopics(List.of("restarted"), 1);
            String bootstrap = kafka.bootstrapServers();
            try (KafkaProducer<String, String> producer = producer(bootstrap)) {
                producer.send(new ProducerRecord<>("restarted", "k", "before")).get(10, TimeUnit.SECONDS);
                CompletableFuture<Duration> restarted =
                        CompletableFuture.supplyAsync(() -> kafka.restart(Duration.ofSeconds(2)));
                // sent while the broker is down: the idempotent producer retries until it is back
                var during = producer.send(new ProducerRecord<>("restarted", "k", "during"));
                Duration outage = restarted.get(90, TimeUnit.SECONDS);
                during.get(60, TimeUnit.SECONDS);
                assertThat(outage).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            }
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(new KafkaTestClient(bootstrap).rawValues("restarted", values -> values.size() >= 2))
                    .containsExactly("before", "during");
        }
    }

    @Test
    void aRestartedDatabaseRefusesConnectionsWhileDownAndKeepsItsRows() throws SQLException {
        try (PostgresServer postgres = PostgresServer.start()) {
            postgres.createDatabase("kept");
            try (Connection c = connect(postgres);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE t (v text)");
                s.execute("INSERT INTO t VALUES ('before')");
            }
            try (Connection open = connect(postgres)) {
                Duration outage = postgres.restart(Duration.ofSeconds(1));

                assertThat(outage).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
                assertThatThrownBy(() -> {
                            try (Statement s = open.createStatement()) {
                                s.executeQuery("SELECT 1");
                            }
                        })
                        .as("a session open across the restart was ended")
                        .isInstanceOf(SQLException.class);
            }
            try (Connection c = connect(postgres);
                    ResultSet rs = c.createStatement().executeQuery("SELECT v FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("before");
            }
        }
    }

    private static Connection connect(PostgresServer postgres) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl("kept"), PostgresServer.USER, PostgresServer.PASSWORD);
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(props);
    }
}
