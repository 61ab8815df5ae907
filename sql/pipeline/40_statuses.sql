-- Stores the staged status lines (they accumulate).
INSERT INTO statuses
SELECT message_id, status, status_ts FROM staged_lines WHERE kind = 'status'
