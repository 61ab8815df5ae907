-- The partitions of the tail cache to drop (its four tables, partitioned by runs: migrations
-- 846-849), read from the parts' metadata (system.parts), never from the rows: its cost does not
-- grow with the cache. The newest partitions are kept while their input rows (key_tail_input)
-- add up to at most {rows} and they number at most {partitions}, the newest one always (it holds
-- the latest runs' tails, those of the run deriving now among them); every older partition of
-- each table is dropped. A key whose latest tail lay in one is derived whole next time
-- (derive/05_keys finds no mark of its latest run). A table's partition that another table no
-- longer has (a stop between two tables' drops) is ranked and dropped like any other.
WITH parts AS (
  SELECT table, toUInt64(partition_id) AS p, sum(if(table = 'key_tail_input', rows, 0)) AS n
  FROM system.parts
  WHERE database = currentDatabase() AND active
    AND table IN ('key_tails_ready', 'key_tail_input', 'key_tail_verdicts', 'key_tail_conversations')
  GROUP BY table, p
),
ranked AS (
  SELECT p, row_number() OVER (ORDER BY p DESC) AS rank,
         sum(n) OVER (ORDER BY p DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS newer_rows
  FROM (SELECT p, sum(n) AS n FROM parts GROUP BY p)
),
keep_from AS (
  SELECT min(p) FROM ranked WHERE rank = 1 OR (rank <= {partitions:UInt64} AND newer_rows <= {rows:UInt64})
)
SELECT table, toString(p) AS partition
FROM parts
WHERE p < (SELECT * FROM keep_from)
ORDER BY table, p
