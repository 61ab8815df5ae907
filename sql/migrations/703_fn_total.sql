-- derived data: unchanged (a function of the API's answers; nothing derived reads it)
-- A count summed over many rows as the API answers it (sql/api): Float64, a plain number in Arrow
-- and JSON (a 64-bit integer arrives in the page as a BigInt), exact for every integer up to
-- 2^53. Such counts were cast to Int32 and wrapped past 2,147,483,647 (4e9 conversations read
-- -294,967,296); past 2^53 the query fails (throwIf) instead of rounding silently.
CREATE OR REPLACE FUNCTION wacost_total AS (n) -> (
  toFloat64(n) + throwIf(abs(n) > 9007199254740992, 'a count is beyond 2^53, more than a Float64 holds exactly')
)
