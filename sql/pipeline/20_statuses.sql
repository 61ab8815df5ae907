-- Stores the group's status lines (they accumulate).
INSERT INTO statuses (message_id, status, ts)
SELECT message_id, status, status_ts FROM staged_records WHERE kind = 'status'
