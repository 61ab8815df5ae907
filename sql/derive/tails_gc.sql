-- Prunes a table of the tail cache ({table}: key_tail_input, key_tail_verdicts,
-- key_tail_conversations or key_tails_ready) to the rows a derive can still read: each key's
-- rows of its latest derive (key_reach's latest run). Run when the cache holds more rows than
-- core/derive.ts allows; older runs' rows are never read again.
ALTER TABLE {table:Identifier} DELETE
WHERE (bucket, phone_number_id, wa_id, run) NOT IN (
  SELECT bucket, phone_number_id, wa_id, max(run)
  FROM key_reach
  PREWHERE cityHash64(bucket, phone_number_id, wa_id) IN (SELECT cityHash64(bucket, phone_number_id, wa_id) FROM {table:Identifier})
  GROUP BY bucket, phone_number_id, wa_id
)
SETTINGS mutations_sync = 2
