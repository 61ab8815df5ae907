-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- The first key of an object's keys (JSONExtractKeys, in order) that is given a second time, or ''
-- when each is given once: where arrayEnumerateUniq first counts 2. Parsers differ on which value
-- of a repeated key counts (ClickHouse's take the first), so a record read from such an object is
-- refused (webhook envelopes, entries, changes and values: wacost_envelope_defect, 665).
CREATE OR REPLACE FUNCTION wacost_first_dup AS (keys) -> (
  arrayElement(keys, indexOf(arrayEnumerateUniq(keys), 2))
)
