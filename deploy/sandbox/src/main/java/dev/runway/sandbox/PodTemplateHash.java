package dev.runway.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The value of the {@code pod-template-hash} label: a stable hash of the pod template, independent of map key order,
 * so that restoring an earlier template finds the earlier ReplicaSet again.
 */
final class PodTemplateHash {

    static final String LABEL = "pod-template-hash";
    // Kubernetes' SafeEncodeString alphabet: no vowels, no look-alike characters.
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper CANONICAL =
            Serialization.jsonMapper().copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PodTemplateHash() {}

    static String of(PodTemplateSpec template) {
        try {
            Object tree = CANONICAL.convertValue(withoutHashLabel(template), Object.class);
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(CANONICAL.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
            StringBuilder hash = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                hash.append(ALPHABET.charAt(Byte.toUnsignedInt(digest[i]) % ALPHABET.length()));
            }
            return hash.toString();
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash pod template", e);
        }
    }

    /** A template copied back from a ReplicaSet (kubectl rollout undo does this) carries the label; ignore it. */
    static PodTemplateSpec withoutHashLabel(PodTemplateSpec template) {
        PodTemplateSpec copy = Serialization.clone(template);
        if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
            Map<String, String> labels = new LinkedHashMap<>(copy.getMetadata().getLabels());
            labels.remove(LABEL);
            copy.getMetadata().setLabels(labels);
        }
        return copy;
    }
}
