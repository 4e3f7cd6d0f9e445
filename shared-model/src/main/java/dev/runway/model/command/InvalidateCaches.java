package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;
import dev.runway.model.spec.CacheTarget;
import java.util.List;

/** Clear each cache and verify it is empty (rollout-agent's cache handler). */
public record InvalidateCaches(List<CacheTarget> caches) implements CommandBody {

    public InvalidateCaches {
        caches = List.copyOf(caches);
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.CACHE_COMMANDS;
    }
}
