package dev.runway.model.command;

/**
 * Whether the migrator rehearses a release's migrations on a scratch copy of the database before touching production
 * (runbook Step 2.2). It always does, unless the database administrator's GO vote said it need not.
 *
 * @param skip        true when the DBA consented to migrating production without a rehearsal
 * @param consentedBy the DBA whose GO vote said so (the subject of their token)
 */
public record Rehearsal(boolean skip, String consentedBy) {

    /** The DBA's GO vote carried {@code skipRehearsal}. */
    public static Rehearsal skippedWithConsentOf(String dba) {
        return new Rehearsal(true, dba);
    }
}
