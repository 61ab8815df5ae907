-- Moves the status lines' table sorted by part of its columns (010, 123, 321, 540) aside, once its
-- lines are copied (611); 613 puts the table of 610 in its place, 614 drops this one. IF EXISTS: run
-- again after a crash right after it (before it was recorded), it finds nothing to move.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
RENAME TABLE IF EXISTS statuses TO statuses_unsorted
