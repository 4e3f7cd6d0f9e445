package dev.runway.validator.guard;

/**
 * How many bad samples in a row a rule tolerates before its verdict turns, as in Argo Rollouts'
 * analysis: a verdict turns when the count exceeds the limit.
 *
 * @param consecutiveErrors   failed queries in a row before ERROR (Argo's default: 4)
 * @param consecutiveNoData   samples without data in a row before INCONCLUSIVE (Argo's default: 0)
 */
public record Limits(int consecutiveErrors, int consecutiveNoData) {

    public static final Limits DEFAULTS = new Limits(4, 0);
}
