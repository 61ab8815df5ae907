-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- The raw JSON of the field `key` of an object's fields as JSONExtractKeysAndValuesRaw lists them
-- (`kv`, in order), '' when it has none: what JSONExtractRaw(object, key) answers, the first
-- value of a key given twice included, without parsing the object again for each field.
CREATE OR REPLACE FUNCTION wacost_raw_field AS (kv, key) -> (
  arrayElement(kv.2, indexOf(kv.1, key))
)
