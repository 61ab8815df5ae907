-- Stores the group's status lines (they accumulate), with what Meta said about them: the first
-- error of a failed status, the recipient, and Meta's decision (pricing, conversation; migration
-- 321), kept for the reconciliation (view reconciliation) and the support page; and the WABAs they
-- were admitted for (migration 540): those of a batch limited to some WABAs ({wabas},
-- IngestOptions.wabas; sorted, so one key's lines are identical whatever order it lists them in),
-- empty for any. Readers show a line only on a message of those WABAs (wacost_status_admitted).
INSERT INTO statuses (message_id, status, ts, error_code, error_title, recipient_id, pricing_billable, pricing_model,
                      pricing_category, pricing_type, conversation_id, conversation_origin_type, conversation_expiration_ts, wabas)
SELECT message_id, status, status_ts, error_code, error_title, recipient_id, pricing_billable, pricing_model,
       pricing_category, pricing_type, conversation_id, conversation_origin_type, conversation_expiration_ts,
       arraySort(arrayDistinct({wabas:Array(String)}))
FROM staged_records WHERE kind = 'status'
