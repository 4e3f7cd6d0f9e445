package dev.runway.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.Phase;
import dev.runway.model.RunwayJson;
import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.command.RunChecks.Check;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepStarted;
import dev.runway.validator.aws.TargetHealthSources;
import dev.runway.validator.config.ValidatorConfig;
import dev.runway.validator.database.JdbcDatabaseHealth;
import dev.runway.validator.http.JdkHttpProbe;
import dev.runway.validator.k8s.ClusterViews;
import dev.runway.validator.pagerduty.PagerDutyIncidentSource;
import dev.runway.validator.pagerduty.PagerDutyTestAlerts;
import dev.runway.validator.prometheus.PrometheusMonitoring;
import dev.runway.validator.smoke.SmokeCredentials;
import dev.runway.validator.tls.EnvironmentTrust;
import dev.runway.validator.tls.JdkTlsProbe;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** A validator built from properties, as the service builds itself, for tests that call its handler directly. */
public final class ValidatorFixtures {

    private ValidatorFixtures() {}

    public static ValidatorConfig config(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(properties);
        all.putIfAbsent("runway.validator.request-timeout", "2s");
        return new SmallRyeConfigBuilder()
                .withMapping(ValidatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(all, "test", 100))
                .build()
                .getConfigMapping(ValidatorConfig.class);
    }

    public static ValidationCommandHandler handler(Map<String, String> properties) {
        ValidatorConfig config = config(properties);
        EnvironmentTrust trust = new EnvironmentTrust(config);
        Clock clock = Clock.systemUTC();
        return new ValidationCommandHandler(
                new JdkHttpProbe(config, trust),
                new JdkTlsProbe(trust, clock, config),
                new SmokeCredentials(config),
                new JdbcDatabaseHealth(config),
                new PagerDutyIncidentSource(config),
                new PagerDutyTestAlerts(config, new PagerDutyIncidentSource(config)),
                new ClusterProbe(new ClusterViews(config)::of, new TargetHealthSources(config)::of),
                new PrometheusMonitoring(config),
                config,
                clock);
    }

    /** Checks that send no HTTP request; the base URL is never asked. */
    public static RunChecks run(Phase phase, Check... checks) {
        return new RunChecks("http://127.0.0.1:9", List.of(checks), null, 100, 2_000, "production", List.of());
    }

    /** Every event the handler reported for one command: StepStarted, then its verdict. */
    public static List<EventBody> carryOut(ValidationCommandHandler handler, Phase phase, RunChecks run) {
        List<EventBody> reported = new ArrayList<>();
        handler.carryOut(Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), phase, run), reported::add);
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0)).isInstanceOf(StepStarted.class);
        return reported;
    }

    /** The handler's verdict for one command, after its StepStarted. */
    public static EventBody verdict(ValidationCommandHandler handler, Phase phase, RunChecks run) {
        return carryOut(handler, phase, run).get(1);
    }

    public static String json(Object value) {
        try {
            return RunwayJson.wire().writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Everything logged through java.util.logging (JBoss logging and the PostgreSQL driver included) from now on. */
    public static final class CapturedLog extends Handler implements AutoCloseable {

        private final List<String> lines = new ArrayList<>();
        private final Logger driver = Logger.getLogger("org.postgresql");
        private final Level driverLevel = driver.getLevel();

        public CapturedLog() {
            setLevel(Level.ALL);
            driver.setLevel(Level.ALL);
            Logger.getLogger("").addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            String message = record.getMessage();
            Object[] parameters = record.getParameters();
            lines.add(record.getLoggerName() + " " + message
                    + (parameters == null ? "" : " " + java.util.Arrays.toString(parameters))
                    + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }

        public synchronized String text() {
            return String.join("\n", lines);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
            driver.setLevel(driverLevel);
        }
    }
}
