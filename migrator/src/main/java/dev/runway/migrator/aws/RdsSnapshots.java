package dev.runway.migrator.aws;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.Seconds;
import dev.runway.migrator.backup.BackupFailed;
import dev.runway.migrator.backup.DatabaseSnapshots;
import dev.runway.migrator.backup.Snapshot;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBSnapshot;
import software.amazon.awssdk.services.rds.model.DbSnapshotAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbSnapshotNotFoundException;

/**
 * A manual RDS snapshot before migrating. The snapshot's name is derived from the command, so asking again (a resumed
 * command) finds it by describing first and takes no second one.
 */
public class RdsSnapshots implements DatabaseSnapshots {

    private static final Logger LOG = Logger.getLogger(RdsSnapshots.class);

    /** RDS's own word for done. */
    static final String AVAILABLE = "available";

    /** States from which a manual snapshot never becomes available. */
    private static final Set<String> HOPELESS = Set.of("failed", "deleting", "deleted", "incompatible-restore");

    private final RdsClient rds;
    private final Duration pollInterval;
    private final Duration timeout;
    private final Redactor redactor;

    public RdsSnapshots(RdsClient rds, Duration pollInterval, Duration timeout, Redactor redactor) {
        this.rds = rds;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.redactor = redactor;
    }

    @Override
    public Snapshot snapshot(String instanceId, String snapshotId) {
        long began = System.nanoTime();
        try {
            Optional<DBSnapshot> existing = describe(snapshotId);
            boolean created = false;
            if (existing.isPresent()) {
                if (!instanceId.equals(existing.get().dbInstanceIdentifier())) {
                    throw new BackupFailed("RDS snapshot " + snapshotId + " exists but is of instance "
                            + existing.get().dbInstanceIdentifier() + ", not " + instanceId);
                }
                LOG.infof(
                        "RDS snapshot %s of %s exists (%s); not taking another",
                        snapshotId, instanceId, existing.get().status());
            } else {
                try {
                    rds.createDBSnapshot(b -> b.dbInstanceIdentifier(instanceId).dbSnapshotIdentifier(snapshotId));
                    created = true;
                    LOG.infof("Taking RDS snapshot %s of %s", snapshotId, instanceId);
                } catch (DbSnapshotAlreadyExistsException takenMeanwhile) {
                    LOG.infof("RDS snapshot %s of %s was taken meanwhile", snapshotId, instanceId);
                }
            }
            long deadline = began + timeout.toNanos();
            while (true) {
                DBSnapshot snapshot = describe(snapshotId)
                        .orElseThrow(() -> new BackupFailed("RDS snapshot " + snapshotId + " of " + instanceId
                                + " disappeared while it was being taken"));
                String status = snapshot.status();
                if (AVAILABLE.equals(status)) {
                    return new Snapshot(
                            snapshot.dbSnapshotIdentifier(),
                            snapshot.dbInstanceIdentifier(),
                            status,
                            created,
                            Duration.ofNanos(System.nanoTime() - began));
                }
                if (status != null && HOPELESS.contains(status)) {
                    throw new BackupFailed("RDS snapshot " + snapshotId + " of " + instanceId + " is " + status);
                }
                if (System.nanoTime() > deadline) {
                    throw new BackupFailed("RDS snapshot " + snapshotId + " of " + instanceId + " was still " + status
                            + " after " + Seconds.format(timeout) + " (runway.migrator.backup.snapshot-timeout)");
                }
                Thread.sleep(pollInterval.toMillis());
            }
        } catch (SdkException e) {
            throw new BackupFailed(
                    "RDS snapshot " + snapshotId + " of " + instanceId + " failed: " + redactor.redact(e.getMessage()),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BackupFailed("interrupted while waiting for RDS snapshot " + snapshotId, e);
        }
    }

    private Optional<DBSnapshot> describe(String snapshotId) {
        try {
            return rds.describeDBSnapshots(b -> b.dbSnapshotIdentifier(snapshotId)).dbSnapshots().stream()
                    .findFirst();
        } catch (DbSnapshotNotFoundException e) {
            return Optional.empty();
        }
    }
}
