-- A row the broker refuses (too large, unknown topic) no longer blocks the rows after it: each failed send is
-- counted with its error, and a row that failed runway.coordinator.outbox-max-attempts times is parked for a person.
ALTER TABLE outbox
    ADD COLUMN attempts   integer     NOT NULL DEFAULT 0,
    ADD COLUMN last_error text,
    ADD COLUMN parked_at  timestamptz;

DROP INDEX outbox_unsent;

CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL AND parked_at IS NULL;

CREATE INDEX outbox_parked ON outbox (parked_at) WHERE parked_at IS NOT NULL;

-- Retention deletes sent rows and remembered event ids by age.
CREATE INDEX outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;

CREATE INDEX processed_event_by_age ON processed_event (processed_at);
