-- derived data: unchanged
-- A JSON value as text for a record built by concatenation (wacost_value_records): the raw JSON
-- that JSONExtractRaw found (valid JSON: the parser writes it out again), or null where it found
-- nothing (JSONExtractRaw answers '' for an absent field).
CREATE OR REPLACE FUNCTION wacost_json_or_null AS (raw) -> (if(raw = '', 'null', raw))
