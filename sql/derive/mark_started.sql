-- Batch {batch}'s derive reaches its first statement that feeds materialized views: marked
-- before it (migration 850; core/derive.ts deriveBatch). (INSERT … SELECT, not VALUES: the
-- embedded engine reads a VALUES insert's data as its input, and refused it beside a pipe on
-- stdin: test cli-stdin.)
INSERT INTO derive_started (batch_id, started_at) SELECT {batch:UInt64}, now64(3)
