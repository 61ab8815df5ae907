-- The old rejected lines' table (moved aside by 617): every row of it is in rejected_lines (616, 618).
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
DROP TABLE IF EXISTS rejected_lines_unsorted SYNC
