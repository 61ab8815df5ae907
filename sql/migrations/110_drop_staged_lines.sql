-- Replaced by staged_records (101).
DROP TABLE IF EXISTS staged_lines
