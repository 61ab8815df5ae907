-- Replaces 006: a webhook envelope's records are those of each entry[].changes[].value
-- (wacost_value_records), the entry's id being the WABA id (kept as Dynamic, see there).
CREATE OR REPLACE FUNCTION wacost_envelope_records AS (line) -> (
  arrayFlatten(arrayMap(e -> arrayFlatten(arrayMap(
      ch -> wacost_value_records(JSONExtract(e, 'id', 'Dynamic'), JSONExtractRaw(ch, 'value')),
      JSONExtractArrayRaw(e, 'changes'))),
    JSONExtractArrayRaw(line, 'entry')))
)
