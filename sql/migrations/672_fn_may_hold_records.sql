-- derived data: unchanged (a test of the parse's input text; nothing derived reads it)
-- Whether text may hold a line that is a webhook envelope, a webhook value object or a JSON array
-- (pipeline/09_may_expand over a group's text, pipeline/09_expand per line): it holds `[`,
-- `object`, `messaging_product` or a backslash (a key spelled with escapes). Text that holds none
-- of them holds none of those shapes, whatever it holds; a plain line that does only costs the
-- expansion's time.
CREATE OR REPLACE FUNCTION wacost_may_hold_records AS (s) -> (
  position(s, '[') > 0 OR position(s, 'object') > 0 OR position(s, 'messaging_product') > 0 OR position(s, '\\') > 0
)
