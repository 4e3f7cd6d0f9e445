-- Rollback announcements are awaited, also after their release ended (ROLLBACK COMPLETE and FAILED are sent as it
-- ends): the tick visits a release while one of its notices has a deadline to check or a direct page's outcome to
-- record, not only while it is active.
ALTER TABLE release
    ADD COLUMN notice_check_at timestamptz;

CREATE INDEX release_notice_check ON release (notice_check_at) WHERE notice_check_at IS NOT NULL;

-- A direct page's last HTTP answer (0 for none), so a parked page's outcome says whether PagerDuty refused it or
-- could not be reached; null for Kafka rows.
ALTER TABLE outbox
    ADD COLUMN http_status integer;
