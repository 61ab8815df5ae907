-- Moves the rejected lines' table without record numbers (615) aside, once its rows are copied
-- (640); 642 puts the table of 639 in its place, 643 drops this one. IF EXISTS: run again after a
-- crash right after it (before it was recorded), it finds nothing to move.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
RENAME TABLE IF EXISTS rejected_lines TO rejected_lines_without_records
