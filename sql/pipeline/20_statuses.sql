-- Stores the group's status lines (they accumulate), with what Meta said about them (the
-- first error of a failed status, the recipient), kept for reconciliation and the support page.
INSERT INTO statuses (message_id, status, ts, error_code, error_title, recipient_id)
SELECT message_id, status, status_ts, error_code, error_title, recipient_id FROM staged_records WHERE kind = 'status'
