-- The verdict rows of the cached tails (key_tail_input): for each key whose tail a run kept, the
-- live verdicts of its tail's messages as that run left them, under the run. A later batch that
-- continues the key from its tail compares its new rows with these instead of reading the key's
-- live rows from verdicts (derive/30_verdicts). A cache, as key_tail_input: Memory, valid for a
-- key only once key_tails_ready names its run.
-- derived data: unchanged (a cache of live rows; nothing derived is read from it)
CREATE TABLE IF NOT EXISTS key_tail_verdicts ENGINE = Memory
AS SELECT bucket, phone_number_id, wa_id, message_id, waba_id, direction, template_category, verdict,
          conversation_id, event_at, local_date, entry_point, ad_id, fep_entry, toUInt64(0) AS run
FROM verdicts LIMIT 0
