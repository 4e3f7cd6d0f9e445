package dev.runway.rollout.cache;

/** Empties one cache and says how many keys are left (runbook Step 6.1). Never throws. */
public interface CacheFlusher {

    /**
     * @param uri the configured address, with credentials; implementations keep it out of the result
     */
    Result flush(String uri);

    /**
     * @param error null when the cache answered; otherwise why not, without the URI or password
     */
    record Result(long keysLeft, String error) {

        public static Result answered(long keysLeft) {
            return new Result(keysLeft, null);
        }

        public static Result failed(String error) {
            return new Result(-1, error);
        }

        public boolean emptied() {
            return error == null && keysLeft == 0;
        }
    }
}
