-- The rejected lines' table without record numbers (moved aside by 641): every row of it is in
-- rejected_lines (640, 642).
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
DROP TABLE IF EXISTS rejected_lines_without_records SYNC
