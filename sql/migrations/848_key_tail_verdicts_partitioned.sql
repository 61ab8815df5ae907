-- key_tail_verdicts (migration 804), partitioned by runs as key_tails_ready is (846), so the
-- cache's oldest runs are dropped whole. Replaced empty after key_tails_ready.
-- derived data: unchanged (a cache of live rows; nothing derived is read from it)
CREATE OR REPLACE TABLE key_tail_verdicts ENGINE = MergeTree
PARTITION BY intDiv(run, 4)
ORDER BY (bucket, phone_number_id, wa_id, run)
AS SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, verdict,
          conversation_id, event_at, local_date, entry_point, ad_id, fep_entry, toUInt64(0) AS run
FROM verdicts LIMIT 0
