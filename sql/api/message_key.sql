-- The customer a message id belongs to, for GET /api/messages/:id: the key the id has now
-- (message_keys, sorted by the id's hash: a point read whatever the table size, where the bloom
-- filter of verdicts.message_id still read ~200 ms of index at 10M messages), kept only when the
-- message has a live verdict under that key on a phone number of the asked WABAs. An id of
-- another WABA, one known only from status lines, or one a correction moved is found where it is
-- now or not at all (the old key's cancelled rows do not count: view live_verdicts, whose filter
-- the engine applies to the read of verdicts, its primary key and bloom filter).
WITH (SELECT argMax((bucket, phone_number_id, wa_id), version) FROM message_keys
      WHERE h = cityHash64({message:String}) AND message_id = {message:String}) AS k
SELECT phone_number_id, wa_id
FROM live_verdicts
WHERE bucket = k.1 AND phone_number_id = k.2 AND wa_id = k.3 AND message_id = {message:String}
  AND wacost_in_filter({wabas:Array(String)}, waba_id)
LIMIT 1
