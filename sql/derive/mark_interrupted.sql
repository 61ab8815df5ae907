-- Records batches found unfinished, once their pending work has been re-done.
INSERT INTO interrupted_batches (batch_id, found_at)
SELECT arrayJoin({batches:Array(UInt64)}), now64(3)
