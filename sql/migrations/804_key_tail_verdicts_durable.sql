-- key_tail_verdicts (migration 659), the cached tails' live verdicts, kept on disk (see 802): read
-- by key and run (derive/30_verdicts), which the sort key serves. Replaced empty (a Memory table
-- is empty in the process that migrates).
-- derived data: unchanged (a cache of live rows; nothing derived is read from it)
CREATE OR REPLACE TABLE key_tail_verdicts ENGINE = MergeTree
ORDER BY (bucket, phone_number_id, wa_id, run)
AS SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, verdict,
          conversation_id, event_at, local_date, entry_point, ad_id, fep_entry, toUInt64(0) AS run
FROM verdicts LIMIT 0
