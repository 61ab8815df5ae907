-- batch_fact_ids (103) also says whether the id's stored row of delivery facts may have to be
-- emptied (recheck): its facts stopped counting in the message's WABA, or it moved to another key,
-- where a row of an earlier stay may wait (batch_ids.facts_dropped, pipeline/32_batch_ids).
-- pipeline/80_status_facts then looks that row up, so it writes the same rows however the batch is
-- cut into groups.
ALTER TABLE batch_fact_ids ADD COLUMN IF NOT EXISTS recheck UInt8
