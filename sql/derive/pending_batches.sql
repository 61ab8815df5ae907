-- Batches whose keys are queued but were never derived (the run stopped in between).
SELECT DISTINCT batch_id FROM derive_queue ORDER BY batch_id
