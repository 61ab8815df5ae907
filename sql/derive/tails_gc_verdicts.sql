-- Prunes the cached tails to those a derive can still read: each key's rows of its latest derive
-- (key_reach's latest run). Run when the cache holds more rows than core/derive.ts allows; older
-- runs' rows are never read again. One statement per table of the cache: key_tail_verdicts.
ALTER TABLE key_tail_verdicts DELETE
WHERE (bucket, phone_number_id, wa_id, run) NOT IN (
  SELECT bucket, phone_number_id, wa_id, max(run)
  FROM key_reach
  PREWHERE cityHash64(bucket, phone_number_id, wa_id) IN (SELECT cityHash64(bucket, phone_number_id, wa_id) FROM key_tail_verdicts)
  GROUP BY bucket, phone_number_id, wa_id
)
SETTINGS mutations_sync = 2
