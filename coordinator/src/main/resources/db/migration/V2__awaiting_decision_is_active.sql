-- A release awaiting a person's rollback decision is still active: the code freeze holds until it
-- continues to completion or rolls back.
DROP INDEX release_one_active;

CREATE UNIQUE INDEX release_one_active
    ON release (application, environment)
    WHERE status IN ('RUNNING', 'AWAITING_DECISION', 'ROLLING_BACK');
