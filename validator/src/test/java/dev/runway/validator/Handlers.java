package dev.runway.validator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.runway.model.Phase;
import dev.runway.model.command.Command;
import dev.runway.model.command.RunChecks;
import dev.runway.model.event.EventBody;
import dev.runway.model.event.StepStarted;
import dev.runway.validator.aws.TargetHealthSources;
import dev.runway.validator.config.ValidatorConfig;
import dev.runway.validator.http.JdkHttpProbe;
import dev.runway.validator.k8s.ClusterViews;
import dev.runway.validator.tls.EnvironmentTrust;
import dev.runway.validator.tls.JdkTlsProbe;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The validator's command handler wired as CDI wires it, from properties, without starting Quarkus. */
public final class Handlers {

    private Handlers() {}

    public static ValidatorConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withMapping(ValidatorConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
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
                new ClusterProbe(new ClusterViews(config)::of, new TargetHealthSources(config)::of),
                clock);
    }

    /** The handler's verdict, after its StepStarted. */
    public static EventBody carryOut(ValidationCommandHandler handler, Phase phase, RunChecks run) {
        List<EventBody> reported = new ArrayList<>();
        handler.carryOut(Command.of(UUID.randomUUID(), UUID.randomUUID(), Instant.now(), phase, run), reported::add);
        assertThat(reported).hasSize(2);
        assertThat(reported.get(0)).isInstanceOf(StepStarted.class);
        return reported.get(1);
    }
}
