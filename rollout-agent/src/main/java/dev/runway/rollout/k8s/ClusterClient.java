package dev.runway.rollout.k8s;

import dev.runway.rollout.ConfigBackup;
import dev.runway.rollout.DeploymentSnapshot;
import dev.runway.rollout.PodState;
import dev.runway.rollout.RollbackOutcome;
import dev.runway.rollout.RolloutObservation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The Kubernetes operations the runbook's Phases 3 and 4 and Step R2 use. */
public interface ClusterClient {

    Optional<DeploymentSnapshot> deployment(String namespace, String deployment);

    /**
     * {@code kubectl set image --record}: changes one container's image and the change cause, and marks the
     * Deployment with the command and the rollback point in the same change.
     */
    void setImage(
            String namespace,
            String deployment,
            String container,
            String image,
            String changeCause,
            DeploymentSnapshot.CommandMark mark);

    Optional<RolloutObservation> observe(String namespace, String deployment);

    /**
     * The pods of the ReplicaSet that has the Deployment's pod template (the new one during a rollout, the restored
     * one during a rollback), oldest first; empty while the controller has not made it.
     */
    List<PodState> newPods(String namespace, String deployment);

    /**
     * {@code kubectl rollout undo --to-revision}; 0 means the revision before the current one. The Deployment is
     * marked with {@code commandId} in the same change.
     */
    RollbackOutcome rollBack(String namespace, String deployment, long toRevision, UUID commandId);

    /**
     * {@code kubectl rollout restart}: a new pod template annotation makes a new revision. The Deployment is marked
     * with {@code commandId} in the same change.
     */
    void restart(String namespace, String deployment, Instant at, UUID commandId);

    /** Whether {@code commandId} made the ConfigMap's last Runway change. */
    boolean configMapChangedBy(String namespace, String configMap, UUID commandId);

    Optional<Map<String, String>> configMapData(String namespace, String configMap);

    /** Creates the backup unless one exists already; true when this call created it. */
    boolean createBackupIfAbsent(String namespace, String configMap, UUID releaseId, ConfigBackup backup);

    Optional<ConfigBackup> backup(String namespace, String configMap, UUID releaseId);

    /**
     * Sets the given entries and leaves the others as they are, like applying a manifest that lists them; marks the
     * ConfigMap with {@code commandId} in the same change.
     */
    void putEntries(String namespace, String configMap, Map<String, String> entries, UUID commandId);

    /**
     * Makes the data exactly {@code data}: entries a release added are removed again; marks the ConfigMap with
     * {@code commandId} in the same change.
     */
    void replaceData(String namespace, String configMap, Map<String, String> data, UUID commandId);
}
