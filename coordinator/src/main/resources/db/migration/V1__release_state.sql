-- One row per release. The whole state machine state is stored as JSON beside the columns that
-- queries and constraints need.
CREATE TABLE release (
    id              uuid PRIMARY KEY,
    application     text        NOT NULL,
    environment     text        NOT NULL,
    version         text        NOT NULL,
    status          text        NOT NULL,
    phase           text,
    state           text        NOT NULL,
    started_at      timestamptz NOT NULL,
    ended_at        timestamptz,
    audit_sequence  bigint      NOT NULL DEFAULT 0,
    lock_version    bigint      NOT NULL DEFAULT 0
);

-- The runbook's code freeze: at most one active release per application and environment. The
-- index makes the rule hold even when two requests race.
CREATE UNIQUE INDEX release_one_active
    ON release (application, environment)
    WHERE status IN ('RUNNING', 'ROLLING_BACK');

CREATE INDEX release_by_application ON release (application, started_at DESC);

-- Worker events already applied, so a redelivered event changes nothing.
CREATE TABLE processed_event (
    event_id     uuid PRIMARY KEY,
    release_id   uuid        NOT NULL REFERENCES release (id),
    processed_at timestamptz NOT NULL
);

-- Commands and audit events written in the same transaction as the state that caused them, and
-- published after commit; unsent rows are retried, so a crash between commit and send loses nothing.
CREATE TABLE outbox (
    id          uuid PRIMARY KEY,
    release_id  uuid        NOT NULL REFERENCES release (id),
    topic       text        NOT NULL,
    message_key text        NOT NULL,
    payload     text        NOT NULL,
    headers     text,
    created_at  timestamptz NOT NULL,
    sent_at     timestamptz
);

CREATE INDEX outbox_unsent ON outbox (created_at) WHERE sent_at IS NULL;
