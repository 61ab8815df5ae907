-- Moves the rejected lines' table sorted without the text (008) aside, once its rows are copied
-- (616); 618 puts the table of 615 in its place, 619 drops this one. IF EXISTS: run again after a
-- crash right after it (before it was recorded), it finds nothing to move.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
RENAME TABLE IF EXISTS rejected_lines TO rejected_lines_unsorted
