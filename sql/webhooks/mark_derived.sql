-- Marks deliveries as derived by batch {batch}, once its ingest and derive have ended.
INSERT INTO webhook_derived (id, batch_id, derived_at)
SELECT arrayJoin({ids:Array(String)}) AS id, {batch:UInt64}, now64(3)
