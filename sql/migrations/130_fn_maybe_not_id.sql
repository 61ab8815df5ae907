-- Whether an id extracted as text (JSONExtract … Nullable(String)) may have been something other
-- than a JSON string or whole number: `true`/`false`, an object or array (extracted as its JSON
-- text), a fraction or exponent. Only such values (rare) are looked at again with JSONType, so
-- the common id costs a few comparisons instead of a second parse of its line.
CREATE OR REPLACE FUNCTION wacost_maybe_not_id AS (v) -> (
  v IS NOT NULL AND (v IN ('true', 'false') OR startsWith(v, '{') OR startsWith(v, '[') OR match(v, '^-?[0-9]+[.eE]'))
)
