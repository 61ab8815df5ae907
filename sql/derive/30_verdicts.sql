-- Writes the verdicts of a batch's re-derived keys (derive_new_verdicts) to verdicts as the
-- difference to what is live (same scheme as 20_conversations).
INSERT INTO verdicts (bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category,
  verdict, conversation_id, event_at, local_date, entry_point, ad_id, fep_entry, sign)
SELECT r.1, r.2, r.3, r.4, r.5, r.6, r.7, r.8, r.9, r.10, r.11, r.12, r.13, r.14, sign
FROM (
  SELECT any(row) AS r, toInt8(sum(s)) AS sign
  FROM (
    SELECT (bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, verdict,
            conversation_id, event_at, local_date, entry_point, ad_id, fep_entry) AS row,
           toInt8(1) AS s
    FROM derive_new_verdicts
    UNION ALL
    SELECT (bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, verdict,
            conversation_id, event_at, local_date, entry_point, ad_id, fep_entry) AS row,
           -sign AS s
    FROM verdicts
    WHERE bucket BETWEEN {lo:UInt8} AND {hi:UInt8}
      AND (bucket, phone_number_id, wa_id) IN (
        SELECT bucket, phone_number_id, wa_id FROM derive_queue
        WHERE batch_id = {batch:UInt64} AND bucket BETWEEN {lo:UInt8} AND {hi:UInt8})
  )
  GROUP BY sipHash128(row)
  HAVING sign != 0
)
