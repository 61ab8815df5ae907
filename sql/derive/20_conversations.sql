-- Writes the conversations of a batch's re-derived keys (derive_convs: view derive_new_conversations
-- as derive/19_new_conversations made it) to
-- conversation_changes as the difference to what is live: +1 for a new or changed row, -1 for
-- a row that no longer holds. Rows are compared whole, grouped by all their fields; the live
-- rows of the keys are read raw (sum of sign = 1 when live), so no pre-collapse is needed.
-- Re-deriving an unchanged key writes nothing.
INSERT INTO conversation_changes
SELECT {run:UInt64}, bucket, phone_number_id, wa_id, conversation_id, waba_id, country, market, category, opened_at,
       closed_at, close_reason, opening_message_id, base_pricing, price, currency, local_date, ad_id,
       toInt8(sum(s)) AS sign
FROM (
  SELECT bucket, phone_number_id, wa_id, conversation_id, waba_id, country, market, category, opened_at,
         closed_at, close_reason, opening_message_id, base_pricing, price, currency, local_date, ad_id,
         toInt8(1) AS s
  FROM derive_convs
  UNION ALL
  SELECT bucket, phone_number_id, wa_id, conversation_id, waba_id, country, market, category, opened_at,
         closed_at, close_reason, opening_message_id, base_pricing, price, currency, local_date, ad_id,
         -sign AS s
  FROM conversations
  -- the live rows of the keys derived before and not continued (derive/05_keys; a continued
  -- key's new rows are all additions): first by a hash of the key (a set of UInt64 is ~4x cheaper to probe than
  -- one of (UInt8, String, String)), then exactly
  PREWHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
    AND cityHash64(bucket, phone_number_id, wa_id) IN (SELECT key_hash FROM derive_keys WHERE known = 1 AND continued = 0)
  WHERE (bucket, phone_number_id, wa_id) IN (SELECT bucket, phone_number_id, wa_id FROM derive_keys WHERE known = 1 AND continued = 0)
  UNION ALL
  -- of a key continued from its tail, the live rows of its tail's events as its latest run cached
  -- them (the rows of the events before its restart point stay as they are); a run done again
  -- may have cached a row twice: each counts once
  SELECT DISTINCT * EXCEPT run, toInt8(-1) AS s
  FROM key_tail_conversations
  WHERE (bucket, phone_number_id, wa_id, run) IN (SELECT bucket, phone_number_id, wa_id, tail_run FROM derive_keys WHERE continued = 2)
)
GROUP BY bucket, phone_number_id, wa_id, conversation_id, waba_id, country, market, category, opened_at,
         closed_at, close_reason, opening_message_id, base_pricing, price, currency, local_date, ad_id
HAVING sign != 0
-- (no implied comparison narrows a read here: optimize_and_compare_chain only cost planning, ~10 ms)
SETTINGS optimize_and_compare_chain = 0
