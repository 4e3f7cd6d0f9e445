package dev.runway.validator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The validator's configuration. */
@ConfigMapping(prefix = "runway.validator")
public interface ValidatorConfig {

    /** Longest wait for one check's answer, connecting included; past it the check has no answer. */
    @WithDefault("5s")
    Duration requestTimeout();
}
