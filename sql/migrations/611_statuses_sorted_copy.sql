-- Copies every stored status line into the table sorted by every column (610). statuses holds
-- source data (nothing derives it again), so it is copied before anything is renamed or dropped
-- (612–614). Run again after a crash half-way, it copies again: identical lines collapse there.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
INSERT INTO statuses_sorted (message_id, status, ts, error_code, error_title, recipient_id, pricing_billable, pricing_model,
                             pricing_category, pricing_type, conversation_id, conversation_origin_type,
                             conversation_expiration_ts, wabas)
SELECT message_id, status, ts, error_code, error_title, recipient_id, pricing_billable, pricing_model,
       pricing_category, pricing_type, conversation_id, conversation_origin_type, conversation_expiration_ts, wabas
FROM statuses
