-- The table keyed by record too (639, holding every row: 640) becomes rejected_lines:
-- pipeline/15_rejects writes it, `wacost rejected`, GET /api/rejected and the one-command runs
-- (queries/rejected_first) read it. IF EXISTS: run again after a crash right after it, it finds
-- nothing to move.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
RENAME TABLE IF EXISTS rejected_lines_records TO rejected_lines
