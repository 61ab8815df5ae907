-- Every delivery fact of a message id kept per WABA its status lines were admitted for
-- (wacost_facts_of, 580; '' = any WABA), beside the facts that count for the message's WABA now
-- (st_delivered, st_failed): when a correction moves the message to another WABA, those are
-- computed again from these (pipeline/32_batch_ids). Replaces st_wabas (520), the meet of every
-- merged scope, which lost an unrestricted delivery merged with a limited failure. Rows written
-- before this migration read their facts under st_wabas as the default (the meet: what they knew).
ALTER TABLE message_keys ADD COLUMN IF NOT EXISTS st_facts
  Array(Tuple(waba String, delivered Nullable(DateTime64(3, 'UTC')), failed UInt8))
  DEFAULT if((st_delivered IS NULL AND st_failed = 0) OR has(st_wabas, ''), [],
             arrayMap(w -> (w, st_delivered, st_failed), if(empty(st_wabas), [''], st_wabas)))
