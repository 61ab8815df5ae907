-- Writes the verdicts of a batch's re-derived keys (derive_vds: view derive_new_verdicts as
-- derive/19_new_verdicts made it) to verdicts as the difference to what is live (same scheme as
-- 20_conversations).
INSERT INTO verdicts (bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category,
  verdict, conversation_id, event_at, local_date, entry_point, ad_id, fep_entry, sign)
SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, verdict,
       conversation_id, event_at, local_date, entry_point, ad_id, fep_entry, toInt8(sum(s)) AS sign
FROM (
  SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, verdict,
         conversation_id, event_at, local_date, entry_point, ad_id, fep_entry, toInt8(1) AS s
  FROM derive_vds
  UNION ALL
  SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, verdict,
         conversation_id, event_at, local_date, entry_point, ad_id, fep_entry, -sign AS s
  FROM verdicts
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
  FROM key_tail_verdicts
  WHERE (bucket, phone_number_id, wa_id, run) IN (SELECT bucket, phone_number_id, wa_id, tail_run FROM derive_keys WHERE continued = 2)
)
-- rows compared whole: grouped by their columns (not by a hash of a tuple with any(tuple), which
-- aggregates through generic values and took twice as long)
GROUP BY bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, verdict,
         conversation_id, event_at, local_date, entry_point, ad_id, fep_entry
HAVING sign != 0
