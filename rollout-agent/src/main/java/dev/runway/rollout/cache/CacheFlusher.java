package dev.runway.rollout.cache;

import java.util.Optional;

/**
 * Empties one Redis cache and says how many keys it removed and how many are left (runbook Step 6.1). Never throws.
 */
public interface CacheFlusher {

    /**
     * @param uri       the configured address, with credentials; implementations keep it out of the result
     * @param keyPrefix on a shared instance, only the keys starting with it are removed; empty flushes the database
     * @param scanCount keys asked for per SCAN and removed per UNLINK in the key-prefix mode
     */
    Result flush(String uri, Optional<String> keyPrefix, int scanCount);

    /**
     * @param removed keys removed: DBSIZE before FLUSHDB, or the sum of UNLINK's answers in the key-prefix mode
     * @param left    DBSIZE after FLUSHDB, or the keys a complete SCAN still finds under the prefix
     * @param error   null when the cache answered; otherwise why not, without the URI or password
     */
    record Result(long removed, long left, String error) {

        public static Result answered(long removed, long left) {
            return new Result(removed, left, null);
        }

        public static Result failed(String error) {
            return new Result(-1, -1, error);
        }

        public boolean emptied() {
            return error == null && left == 0;
        }
    }
}
