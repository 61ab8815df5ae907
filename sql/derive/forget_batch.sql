-- A batch's keys are derived: drop its queue entries.
DELETE FROM derive_queue WHERE batch_id = {batch:UInt64}
