-- The lines of a group that hold several records or are a webhook value object
-- (pipeline/09_expand): for each, what it is and its records as wacost_array_records reads them,
-- and what is wrong with it as a whole. pipeline/10_parse joins it by line number (a line not
-- listed holds one record of its own); only a group whose text may hold such a line
-- (pipeline/09_may_expand) fills it, so the statement that expands webhooks is not planned for a
-- group of plain log lines (~0.1 s of each group's parse). Memory: it only holds the group at hand.
-- derived data: unchanged (a working table of the parse)
CREATE TABLE IF NOT EXISTS staged_expansions (
  line_no Int64,
  doc_array UInt8,
  bare_value UInt8,
  multi UInt8,
  records Array(String),
  line_defect String
) ENGINE = Memory
