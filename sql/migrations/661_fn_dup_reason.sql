-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- The reason a record is refused for a repeated `key` under `path` (a prefix, as the webhook
-- spells it: `entry[].`), in the words pipeline/10_parse gives an NDJSON line; '' when `key` is ''
-- (no key repeats).
CREATE OR REPLACE FUNCTION wacost_dup_reason AS (path, key) -> (
  if(key = '', '', concat('duplicate key: ', path, key, ' appears more than once (which value counts is ambiguous; give each key once)'))
)
