-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- A webhook status's pricing as the record built from it carries it (wacost_value_records, 839):
-- {"billable":…,"pricing_model":…,"category":…,"type":…}, each the raw JSON Meta sent or null,
-- from the pricing object's fields (`kv`: JSONExtractKeysAndValuesRaw of it; [] when absent).
CREATE OR REPLACE FUNCTION wacost_meta_pricing_json AS (kv) -> (
  concat('{"billable":', wacost_json_or_null(wacost_raw_field(kv, 'billable')),
         ',"pricing_model":', wacost_json_or_null(wacost_raw_field(kv, 'pricing_model')),
         ',"category":', wacost_json_or_null(wacost_raw_field(kv, 'category')),
         ',"type":', wacost_json_or_null(wacost_raw_field(kv, 'type')), '}')
)
