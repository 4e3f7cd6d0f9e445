-- The rows of one transition share created_at, so ordering by it alone let a release's audit events (sequence 23, 24)
-- reach the topic in either order. Each row now takes its place from a sequence as it is inserted: a transition's rows
-- in the order the coordinator wrote them, transitions in the order they committed their rows.
ALTER TABLE outbox ADD COLUMN seq bigserial;
DROP INDEX outbox_unsent;
CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL AND parked_at IS NULL;
