-- derived data: unchanged
-- Replaces 126: wacost_value_records (651) takes the WABA id as JSON text: the entry's raw id.
CREATE OR REPLACE FUNCTION wacost_envelope_records AS (line) -> (
  arrayFlatten(arrayMap(e -> arrayFlatten(arrayMap(
      ch -> wacost_value_records(wacost_json_or_null(JSONExtractRaw(e, 'id')), JSONExtractRaw(ch, 'value')),
      JSONExtractArrayRaw(e, 'changes'))),
    JSONExtractArrayRaw(line, 'entry')))
)
