-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- Why a time field is refused (pipeline/10_parse): the forms it takes and, for 12 or 13 digits
-- whose thousandth part is a time in range, that they look like milliseconds (JavaScript's
-- Date.now() writes them; Unix time is read in seconds): the bare "expected … Unix seconds" left
-- a user with a log of milliseconds guessing (break-it trial). `field` as the input spells it.
CREATE OR REPLACE FUNCTION wacost_time_defect AS (field, v) -> (
  concat('invalid ', field, ': ', v, ' (expected ISO 8601 with a zone, or Unix seconds, in the years 1970–2099',
    if(match(v, '^[0-9]{12,13}$') AND wacost_parse_ts(substring(v, 1, length(v) - 3)) IS NOT NULL,
       '; this looks like milliseconds: divide by 1000', ''),
    ')')
)
