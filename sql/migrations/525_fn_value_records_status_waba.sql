-- Replaces 322: a status of a webhook `value` object carries its WABA too (entry[].id, or
-- --waba), as its messages do, so that a key limited to some WABAs (IngestOptions.wabas) judges a
-- webhook status by the WABA it was sent for: before, every webhook status named none and was
-- refused as missing entry[].id although the envelope gave it. Everything else as in 322.
CREATE OR REPLACE FUNCTION wacost_value_records AS (waba, value) -> (
  arrayConcat(
    arrayMap(m -> toJSONString(CAST(tuple(
        'message', 'messages[]',
        JSONExtract(m, 'id', 'Dynamic'),
        JSONExtract(m, 'timestamp', 'Nullable(String)'),
        waba,
        JSONExtract(value, 'metadata', 'phone_number_id', 'Dynamic'),
        JSONExtract(m, 'from', 'Nullable(String)'),
        'inbound',
        JSONExtract(m, 'type', 'Nullable(String)'),
        multiIf(JSONExtractString(m, 'referral', 'source_type') = 'ad', 'ctwa',
                JSONExtractString(m, 'referral', 'source_type') = 'post', 'page_cta', NULL),
        JSONExtract(m, 'referral', 'source_id', 'Nullable(String)'),
        JSONExtract(m, 'referral', 'ctwa_clid', 'Nullable(String)')),
      'Tuple(kind String, src String, message_id Dynamic, timestamp Nullable(String), waba_id Dynamic, phone_number_id Dynamic, wa_id Nullable(String), direction String, type Nullable(String), entry_point Nullable(String), ad_id Nullable(String), ctwa_clid Nullable(String))')),
      JSONExtractArrayRaw(value, 'messages')),
    arrayMap(st -> toJSONString(CAST(tuple(
        'status', 'statuses[]',
        JSONExtract(st, 'id', 'Dynamic'),
        JSONExtract(st, 'status', 'Nullable(String)'),
        JSONExtract(st, 'timestamp', 'Nullable(String)'),
        waba,
        JSONExtract(st, 'recipient_id', 'Nullable(String)'),
        JSONExtract(st, 'errors', 1, 'code', 'Nullable(String)'),
        JSONExtract(st, 'errors', 1, 'title', 'Nullable(String)'),
        tuple(JSONExtract(st, 'pricing', 'billable', 'Dynamic'),
              JSONExtract(st, 'pricing', 'pricing_model', 'Nullable(String)'),
              JSONExtract(st, 'pricing', 'category', 'Nullable(String)'),
              JSONExtract(st, 'pricing', 'type', 'Nullable(String)')),
        tuple(JSONExtract(st, 'conversation', 'id', 'Nullable(String)'),
              tuple(JSONExtract(st, 'conversation', 'origin', 'type', 'Nullable(String)')),
              JSONExtract(st, 'conversation', 'expiration_timestamp', 'Dynamic'))),
      'Tuple(kind String, src String, message_id Dynamic, status Nullable(String), timestamp Nullable(String), waba_id Dynamic, recipient_id Nullable(String), error_code Nullable(String), error_title Nullable(String), pricing Tuple(billable Dynamic, pricing_model Nullable(String), category Nullable(String), type Nullable(String)), conversation Tuple(id Nullable(String), origin Tuple(type Nullable(String)), expiration_timestamp Dynamic))')),
      JSONExtractArrayRaw(value, 'statuses')))
)
