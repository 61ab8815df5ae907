-- The table sorted by the rejected text too (615, holding every row: 616) becomes rejected_lines:
-- pipeline/15_rejects writes it, `wacost rejected`, GET /api/rejected and the one-command runs
-- (queries/rejected_first) read it. IF EXISTS: run again after a crash right after it, it finds
-- nothing to move.
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
RENAME TABLE IF EXISTS rejected_lines_sorted TO rejected_lines
