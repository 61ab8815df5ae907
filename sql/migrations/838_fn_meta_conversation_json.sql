-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- A webhook status's conversation as the record built from it carries it (wacost_value_records,
-- 839): {"id":…,"origin":{"type":…},"expiration_timestamp":…}, each the raw JSON Meta sent or
-- null, from the conversation object's fields (`kv`: JSONExtractKeysAndValuesRaw of it; [] when
-- absent); an origin that is no object has no type.
CREATE OR REPLACE FUNCTION wacost_meta_conversation_json AS (kv) -> (
  concat('{"id":', wacost_json_or_null(wacost_raw_field(kv, 'id')),
         ',"origin":{"type":', wacost_json_or_null(wacost_raw_field(JSONExtractKeysAndValuesRaw(wacost_raw_field(kv, 'origin')), 'type')),
         '},"expiration_timestamp":', wacost_json_or_null(wacost_raw_field(kv, 'expiration_timestamp')), '}')
)
