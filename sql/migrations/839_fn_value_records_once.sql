-- derived data: unchanged (nothing already derived reads differently: no rebuild)
-- Replaces 663: the same records, byte for byte (the same raw JSON of each field, the first of a
-- key given twice, the object read from after the NUL), each webhook message and status parsed
-- once (JSONExtractKeysAndValuesRaw: its fields' raw JSON) and its referral, pricing and
-- conversation (and conversation.origin) once each, the fields then looked up by name
-- (wacost_raw_field, 836; the pricing and conversation written by 837 and 838). A JSONExtractRaw
-- per field parsed a status ~22 times and a message ~9, and the if() choosing a status's pricing
-- or conversation ran its branch lazily (short-circuit evaluation), which cost more than the
-- branch: building the 44k records of a live micro-batch from their value objects took ~0.23 s
-- of CPU, now ~0.16 s (docs/performance.md).
CREATE OR REPLACE FUNCTION wacost_value_records AS (waba, value) -> (
  arrayConcat(
    arrayMap((m, kv, rkv, waba_json, phone_json) -> concat(
        '{"kind":"message","src":"messages[]","message_id":', wacost_json_or_null(wacost_raw_field(kv, 'id')),
        ',"timestamp":', wacost_json_or_null(wacost_raw_field(kv, 'timestamp')),
        ',"waba_id":', waba_json,
        ',"phone_number_id":', phone_json,
        ',"wa_id":', wacost_json_or_null(wacost_raw_field(kv, 'from')),
        ',"direction":"inbound","type":', wacost_json_or_null(wacost_raw_field(kv, 'type')),
        -- (the raw JSON of a string is the parser's own spelling: "ad" however it was escaped)
        ',"entry_point":', multiIf(wacost_raw_field(rkv, 'source_type') = '"ad"', '"ctwa"',
                                   wacost_raw_field(rkv, 'source_type') = '"post"', '"page_cta"', 'null'),
        ',"ad_id":', wacost_json_or_null(wacost_raw_field(rkv, 'source_id')),
        ',"ctwa_clid":', wacost_json_or_null(wacost_raw_field(rkv, 'ctwa_clid')), '}\0', m),
      JSONExtractArrayRaw(value, 'messages'),
      arrayMap(m -> JSONExtractKeysAndValuesRaw(m), JSONExtractArrayRaw(value, 'messages')),
      -- (a message that is no object, or whose referral is none, has no fields: [])
      arrayMap(kv -> JSONExtractKeysAndValuesRaw(wacost_raw_field(kv, 'referral')), arrayMap(m -> JSONExtractKeysAndValuesRaw(m), JSONExtractArrayRaw(value, 'messages'))),
      arrayWithConstant(length(JSONExtractArrayRaw(value, 'messages')), waba),
      arrayWithConstant(length(JSONExtractArrayRaw(value, 'messages')),
                        wacost_json_or_null(JSONExtractRaw(value, 'metadata', 'phone_number_id')))),
    arrayMap((st, kv, pricing, conversation, waba_json) -> concat(
        '{"kind":"status","src":"statuses[]","message_id":', wacost_json_or_null(wacost_raw_field(kv, 'id')),
        ',"status":', wacost_json_or_null(wacost_raw_field(kv, 'status')),
        ',"timestamp":', wacost_json_or_null(wacost_raw_field(kv, 'timestamp')),
        ',"waba_id":', waba_json,
        ',"recipient_id":', wacost_json_or_null(wacost_raw_field(kv, 'recipient_id')),
        -- errors[1] of an object is its first member, as JSONExtractRaw(st, 'errors', 1, …) read it
        ',"error_code":', wacost_json_or_null(JSONExtractRaw(wacost_raw_field(kv, 'errors'), 1, 'code')),
        ',"error_title":', wacost_json_or_null(JSONExtractRaw(wacost_raw_field(kv, 'errors'), 1, 'title')),
        ',"pricing":', pricing, ',"conversation":', conversation, '}\0', st),
      JSONExtractArrayRaw(value, 'statuses'),
      arrayMap(st -> JSONExtractKeysAndValuesRaw(st), JSONExtractArrayRaw(value, 'statuses')),
      -- pricing and conversation given as something else than an object (or null) go as they
      -- are, for pipeline/10_parse to refuse (they were read as absent: break-it trial). Each is
      -- built by a lambda of its own, so that the choice above is between two computed values:
      -- an if() whose branch is an expression runs it lazily, on the rows that take it (short-
      -- circuit evaluation), and filtering and merging those rows cost more than the branch
      arrayMap((kv, built) -> if(NOT wacost_raw_field(kv, 'pricing') IN ('', 'null') AND NOT startsWith(wacost_raw_field(kv, 'pricing'), '{'), wacost_raw_field(kv, 'pricing'), built),
        arrayMap(st -> JSONExtractKeysAndValuesRaw(st), JSONExtractArrayRaw(value, 'statuses')),
        arrayMap(kv -> wacost_meta_pricing_json(JSONExtractKeysAndValuesRaw(wacost_raw_field(kv, 'pricing'))), arrayMap(st -> JSONExtractKeysAndValuesRaw(st), JSONExtractArrayRaw(value, 'statuses')))),
      arrayMap((kv, built) -> if(NOT wacost_raw_field(kv, 'conversation') IN ('', 'null') AND NOT startsWith(wacost_raw_field(kv, 'conversation'), '{'), wacost_raw_field(kv, 'conversation'), built),
        arrayMap(st -> JSONExtractKeysAndValuesRaw(st), JSONExtractArrayRaw(value, 'statuses')),
        arrayMap(kv -> wacost_meta_conversation_json(JSONExtractKeysAndValuesRaw(wacost_raw_field(kv, 'conversation'))), arrayMap(st -> JSONExtractKeysAndValuesRaw(st), JSONExtractArrayRaw(value, 'statuses')))),
      arrayWithConstant(length(JSONExtractArrayRaw(value, 'statuses')), waba)))
)
