package dev.runway.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.runway.model.Topics;
import dev.runway.model.spec.DatabaseVerification;
import dev.runway.model.spec.Migration;
import java.util.List;

/**
 * Mark a restore point, apply the migrations in order, report the schema version before and after, then verify the
 * database (migrator).
 *
 * @param restorePoint the tag a later {@link RollBackMigration} returns to
 * @param verification the release's own expected columns and checks, verified after the migrations besides what the
 *     migrator always verifies; null for none. An optional field added within version 1: a migrator that predates it
 *     ignores it, verifies nothing and claims nothing
 * @param rehearsal    null to rehearse on a scratch database first (runbook Step 2.2); {@link Rehearsal#skip()} only
 *     with the DBA's consent in the GO/NO-GO vote. An optional field added within version 1
 */
public record StartMigration(
        String database,
        String restorePoint,
        List<Migration> migrations,
        int timeoutSeconds,
        @JsonInclude(JsonInclude.Include.NON_NULL) DatabaseVerification verification,
        @JsonInclude(JsonInclude.Include.NON_NULL) Rehearsal rehearsal)
        implements CommandBody {

    public StartMigration {
        migrations = List.copyOf(migrations);
    }

    /** A release without checks of its own. */
    public StartMigration(String database, String restorePoint, List<Migration> migrations, int timeoutSeconds) {
        this(database, restorePoint, migrations, timeoutSeconds, null, null);
    }

    /** Rehearsed before production is touched. */
    public StartMigration(
            String database,
            String restorePoint,
            List<Migration> migrations,
            int timeoutSeconds,
            DatabaseVerification verification) {
        this(database, restorePoint, migrations, timeoutSeconds, verification, null);
    }

    /** True when the DBA consented in the GO/NO-GO vote to migrating production without a rehearsal. */
    @JsonIgnore
    public boolean rehearsalSkipped() {
        return rehearsal != null && rehearsal.skip();
    }

    /** The schema version the migrations bring: the id of the last one. */
    @JsonIgnore
    public String targetVersion() {
        return migrations.isEmpty()
                ? null
                : migrations.get(migrations.size() - 1).id();
    }

    @Override
    @JsonIgnore
    public String topic() {
        return Topics.MIGRATION_COMMANDS;
    }
}
