-- The tails of the keys whose windows were still open when they were last derived (issue 9,
-- continuation inside open windows): per key, its events since its last restart point (an
-- instant no window opened before it reaches past, and no later event looks back across), as
-- derive/10_events made them (the columns of derive_input), and the run that derived them. A key
-- whose new messages all come after that restart point is derived from its tail and the batch's
-- own rows (derive/05_keys, 10_events) instead of its whole history. A cache: Memory, so it is
-- lost with the process, and a key without a tail of its latest run is derived whole as before;
-- rows of older runs are left behind and pruned (derive/tails_gc).
-- derived data: unchanged (a cache of what derive/10_events reads; nothing derived is read from it)
CREATE TABLE IF NOT EXISTS key_tail_input ENGINE = Memory
AS SELECT *, toUInt64(0) AS run FROM derive_input LIMIT 0
