package dev.runway.migrator.aws;

import dev.runway.migrator.Redactor;
import dev.runway.migrator.Seconds;
import dev.runway.migrator.restore.RdsRestores;
import dev.runway.migrator.restore.RestoreFailed;
import dev.runway.migrator.restore.RestoredInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceAlreadyExistsException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * Runbook Step R3 options 2 and 3 with RDS's {@code RestoreDBInstanceFromDBSnapshot} and
 * {@code RestoreDBInstanceToPointInTime}, then {@code DescribeDBInstances} until the new instance is available (the
 * runbook's {@code aws rds wait db-instance-available}). The new instance is described first, so a resumed command
 * restores nothing twice.
 */
public class RdsInstanceRestores implements RdsRestores {

    private static final Logger LOG = Logger.getLogger(RdsInstanceRestores.class);

    static final String AVAILABLE = "available";

    /** States from which a restored instance does not become available by itself. */
    private static final Set<String> HOPELESS = Set.of(
            "failed",
            "deleting",
            "incompatible-restore",
            "incompatible-parameters",
            "incompatible-network",
            "inaccessible-encryption-credentials",
            "storage-full");

    private final RdsClient rds;
    private final Duration pollInterval;
    private final Duration timeout;
    private final Redactor redactor;

    public RdsInstanceRestores(RdsClient rds, Duration pollInterval, Duration timeout, Redactor redactor) {
        this.rds = rds;
        this.pollInterval = pollInterval;
        this.timeout = timeout;
        this.redactor = redactor;
    }

    @Override
    public RestoredInstance fromSnapshot(String snapshotId, String target, Instant notBefore) {
        return restore(
                target,
                notBefore,
                "from snapshot " + snapshotId,
                () -> rds.restoreDBInstanceFromDBSnapshot(
                        b -> b.dbInstanceIdentifier(target).dbSnapshotIdentifier(snapshotId)));
    }

    @Override
    public RestoredInstance toPointInTime(String source, Instant restoreTime, String target, Instant notBefore) {
        return restore(
                target,
                notBefore,
                "from " + source + " to " + restoreTime,
                () -> rds.restoreDBInstanceToPointInTime(b -> b.sourceDBInstanceIdentifier(source)
                        .targetDBInstanceIdentifier(target)
                        .restoreTime(restoreTime)));
    }

    private RestoredInstance restore(String target, Instant notBefore, String from, Runnable request) {
        long began = System.nanoTime();
        try {
            boolean created = false;
            Optional<DBInstance> existing = describe(target);
            if (existing.isPresent()) {
                Instant since = existing.get().instanceCreateTime();
                if (notBefore != null && since != null && since.isBefore(notBefore)) {
                    throw new RestoreFailed("RDS instance " + target + " exists since " + since
                            + ", before this release's migration began (" + notBefore + "): an earlier rollback's;"
                            + " rename or delete it, then retry; nothing was restored");
                }
                LOG.infof(
                        "RDS instance %s exists (%s); not restoring it again",
                        target, existing.get().dbInstanceStatus());
            } else {
                try {
                    request.run();
                    created = true;
                    LOG.infof("Restoring RDS instance %s %s", target, from);
                } catch (DbInstanceAlreadyExistsException restoredMeanwhile) {
                    LOG.infof("RDS instance %s was restored meanwhile", target);
                }
            }
            long deadline = began + timeout.toNanos();
            while (true) {
                DBInstance instance = describe(target)
                        .orElseThrow(() -> new RestoreFailed(
                                "RDS instance " + target + " disappeared while it was being restored " + from));
                String status = instance.dbInstanceStatus();
                if (AVAILABLE.equals(status)) {
                    String endpoint = instance.endpoint() == null
                            ? "(no endpoint reported)"
                            : instance.endpoint().address() + ":"
                                    + instance.endpoint().port();
                    return new RestoredInstance(
                            target, status, endpoint, created, Duration.ofNanos(System.nanoTime() - began));
                }
                if (status != null && HOPELESS.contains(status)) {
                    throw new RestoreFailed("RDS instance " + target + " restored " + from + " is " + status);
                }
                if (System.nanoTime() > deadline) {
                    throw new RestoreFailed("RDS instance " + target + " restored " + from + " was still " + status
                            + " after " + Seconds.format(timeout) + " (runway.migrator.rollback.rds-timeout)");
                }
                Thread.sleep(pollInterval.toMillis());
            }
        } catch (SdkException e) {
            throw new RestoreFailed(
                    "restoring RDS instance " + target + " " + from + " failed: " + redactor.redact(e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestoreFailed("interrupted while waiting for RDS instance " + target, e);
        }
    }

    private Optional<DBInstance> describe(String instanceId) {
        try {
            return rds.describeDBInstances(b -> b.dbInstanceIdentifier(instanceId)).dbInstances().stream()
                    .findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }
}
