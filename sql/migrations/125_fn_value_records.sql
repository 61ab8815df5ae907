-- Maps one webhook `value` object (entry[].changes[].value) of WABA `waba` onto flat log
-- records (JSON text in the NDJSON line format): value.messages[] become inbound message lines
-- (a referral from an ad is a `ctwa` entry, from a post a `page_cta` entry, its source_id the
-- ad_id, its ctwa_clid kept) and value.statuses[] become status lines (with recipient_id and the
-- first of errors[]). Ids are carried as Dynamic so that a boolean, object or array id reaches
-- pipeline/10_parse as what it is and is refused there, not turned into text; `src` tells
-- 10_parse how the input spells each field (wacost_input_field). Shared by whole envelopes
-- (wacost_envelope_records) and bare value objects given a WABA with --waba.
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
        JSONExtract(st, 'recipient_id', 'Nullable(String)'),
        JSONExtract(st, 'errors', 1, 'code', 'Nullable(String)'),
        JSONExtract(st, 'errors', 1, 'title', 'Nullable(String)')),
      'Tuple(kind String, src String, message_id Dynamic, status Nullable(String), timestamp Nullable(String), recipient_id Nullable(String), error_code Nullable(String), error_title Nullable(String))')),
      JSONExtractArrayRaw(value, 'statuses')))
)
