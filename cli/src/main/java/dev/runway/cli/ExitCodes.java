package dev.runway.cli;

import dev.runway.model.ReleaseStatus;
import java.util.OptionalInt;

/**
 * What {@code runway} exits with, so scripts and CI jobs can tell a rolled-back release from a broken call. The
 * release's own outcomes are 10 and up, apart from COMPLETED's 0; picocli answers bad arguments with 2.
 */
public final class ExitCodes {

    public static final int OK = 0;
    /** The API refused or failed the call, the coordinator was unreachable, or a file could not be read. */
    public static final int ERROR = 1;

    public static final int NOT_SIGNED_IN = 3;
    public static final int ROLLED_BACK = 10;
    /** The rollback itself failed: production needs a person now. */
    public static final int FAILED = 11;

    public static final int ABORTED = 12;
    /** {@code --follow --stop-at-decision}: the release waits for votes or a rollback-or-continue decision. */
    public static final int AWAITING_PEOPLE = 13;

    /** The help text's list, kept next to the numbers it explains. */
    static final String HELP = "Exit codes:%n"
            + "   0  done; for --follow: the release COMPLETED%n"
            + "   1  the API refused or failed the call, or the coordinator was unreachable%n"
            + "   2  bad arguments%n"
            + "   3  not signed in, or the token was refused (run runway login)%n"
            + "  10  --follow: the release was ROLLED_BACK%n"
            + "  11  --follow: the release FAILED (its rollback failed)%n"
            + "  12  --follow: the release was ABORTED%n"
            + "  13  --follow --stop-at-decision: the release waits for votes or a decision";

    private ExitCodes() {}

    /** The exit code of a release that has ended; empty while it is still going. */
    public static OptionalInt forStatus(ReleaseStatus status) {
        switch (status) {
            case RUNNING:
            case AWAITING_DECISION:
            case ROLLING_BACK:
                return OptionalInt.empty();
            case COMPLETED:
                return OptionalInt.of(OK);
            case ROLLED_BACK:
                return OptionalInt.of(ROLLED_BACK);
            case FAILED:
                return OptionalInt.of(FAILED);
            case ABORTED:
                return OptionalInt.of(ABORTED);
        }
        throw new IllegalArgumentException("unknown release status " + status);
    }
}
