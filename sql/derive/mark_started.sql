-- Batch {batch}'s derive starts: marked before its first statement (migration 850).
INSERT INTO derive_started (batch_id, started_at) VALUES ({batch:UInt64}, now64(3))
