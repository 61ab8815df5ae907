-- Caches, for the slice's keys whose tail this run keeps (derive_restarts, derive/13_keep_tails),
-- the verdicts of their tail's messages (events after the restart point; derive_vds, as
-- derive/19_new_verdicts made them and derive/30_verdicts has just made them live), under this
-- run (key_tail_verdicts), for a later batch that continues the key from its tail.
INSERT INTO key_tail_verdicts
SELECT v.bucket, v.phone_number_id, v.wa_id, v.message_id, v.waba_id, v.direction, v.template_category, v.verdict,
       v.conversation_id, v.event_at, v.local_date, v.entry_point, v.ad_id, v.fep_entry, {run:UInt64}
FROM derive_vds AS v
WHERE (v.bucket, v.phone_number_id, v.wa_id, v.message_id) IN (
  SELECT e.bucket, e.phone_number_id, e.wa_id, e.message_id
  FROM derive_events AS e
  INNER JOIN (SELECT bucket, phone_number_id, wa_id, prefix_ms FROM derive_restarts WHERE keep = 1) AS r
    ON r.bucket = e.bucket AND r.phone_number_id = e.phone_number_id AND r.wa_id = e.wa_id
  WHERE toUnixTimestamp64Milli(e.t) > r.prefix_ms)
