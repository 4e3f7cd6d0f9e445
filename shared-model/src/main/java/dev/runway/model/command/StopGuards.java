package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.runway.model.Topics;

/** Stop sampling the release's guards (validator); the release ended or its hypercare is over. */
public record StopGuards(String reason) implements CommandBody {

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.VALIDATION_COMMANDS;
    }
}
