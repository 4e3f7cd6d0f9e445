package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The imperative part of a command. The {@code type} field names the record on the wire. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = RunChecks.class, name = "RunChecks"),
    @JsonSubTypes.Type(value = StartMigration.class, name = "StartMigration"),
    @JsonSubTypes.Type(value = RollBackMigration.class, name = "RollBackMigration"),
    @JsonSubTypes.Type(value = RollOutDeployment.class, name = "RollOutDeployment"),
    @JsonSubTypes.Type(value = RollBackDeployment.class, name = "RollBackDeployment"),
    @JsonSubTypes.Type(value = ApplyConfiguration.class, name = "ApplyConfiguration"),
    @JsonSubTypes.Type(value = RestoreConfiguration.class, name = "RestoreConfiguration"),
    @JsonSubTypes.Type(value = InvalidateCaches.class, name = "InvalidateCaches"),
    @JsonSubTypes.Type(value = Announce.class, name = "Announce"),
    @JsonSubTypes.Type(value = WatchGuards.class, name = "WatchGuards"),
    @JsonSubTypes.Type(value = StopGuards.class, name = "StopGuards")
})
public sealed interface CommandBody
        permits RunChecks,
                StartMigration,
                RollBackMigration,
                RollOutDeployment,
                RollBackDeployment,
                ApplyConfiguration,
                RestoreConfiguration,
                InvalidateCaches,
                Announce,
                WatchGuards,
                StopGuards {

    @JsonIgnore
    String topic();
}
