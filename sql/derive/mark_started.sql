-- Batch {batch}'s derive reaches its first statement that feeds materialized views: marked
-- before it (migration 850; core/derive.ts deriveBatch).
INSERT INTO derive_started (batch_id, started_at) VALUES ({batch:UInt64}, now64(3))
