-- The live verdicts: one row per message as it stands, its rows cancelled by sign -1 (a verdict
-- replaced, a message moved by a correction) left out. verdicts is sorted by every column (577),
-- so grouping by all of them keeps exactly the rows whose signs sum above 0. Readers filter it
-- from outside: the engine moves a filter on grouped columns below the grouping, to the read of
-- verdicts, where the primary key and the bloom filter on message_id (492) still serve it.
CREATE OR REPLACE VIEW live_verdicts AS
SELECT * EXCEPT sign FROM verdicts
GROUP BY ALL
HAVING sum(sign) > 0
