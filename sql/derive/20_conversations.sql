-- Writes the conversations of a batch's re-derived keys (derive_new_conversations) to
-- conversation_changes as the difference to what is live: +1 for a new or changed row, -1 for
-- a row that no longer holds. Rows are compared whole, by a hash of all their fields; the live
-- rows of the keys are read raw (sum of sign = 1 when live), so no pre-collapse is needed.
-- Re-deriving an unchanged key writes nothing.
INSERT INTO conversation_changes
SELECT {run:UInt64}, r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11, r.12, r.13, r.14, r.15, r.16, r.17, sign
FROM (
  SELECT any(row) AS r, toInt8(sum(s)) AS sign
  FROM (
    SELECT (bucket, phone_number_id, wa_id, conversation_id, waba_id, country, market, category, opened_at,
            closed_at, close_reason, opening_message_id, base_pricing, price, currency, local_date, ad_id) AS row,
           toInt8(1) AS s
    FROM derive_new_conversations
    UNION ALL
    SELECT (bucket, phone_number_id, wa_id, conversation_id, waba_id, country, market, category, opened_at,
            closed_at, close_reason, opening_message_id, base_pricing, price, currency, local_date, ad_id) AS row,
           -sign AS s
    FROM conversations
    WHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
      AND (bucket, phone_number_id, wa_id) IN (
        SELECT bucket, phone_number_id, wa_id FROM derive_queue
        WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8})
  )
  GROUP BY sipHash128(row)
  HAVING sign != 0
)
