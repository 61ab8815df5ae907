-- Maps a WhatsApp Cloud API webhook envelope onto flat log records (JSON text in the NDJSON
-- line format): value.messages[] become inbound message lines (a referral from an ad is a
-- `ctwa` entry, from a post a `page_cta` entry, its source_id the ad_id) and value.statuses[]
-- become status lines. Outbound sends are not in webhooks; they come from the business's send log.
CREATE OR REPLACE FUNCTION wacost_envelope_records AS (line) -> (
  arrayFlatten(arrayMap(e -> arrayFlatten(arrayMap(ch -> arrayConcat(
      arrayMap(m -> toJSONString(CAST(tuple(
          'message',
          JSONExtract(m, 'id', 'Nullable(String)'),
          JSONExtract(m, 'timestamp', 'Nullable(String)'),
          JSONExtract(e, 'id', 'Nullable(String)'),
          JSONExtract(ch, 'value', 'metadata', 'phone_number_id', 'Nullable(String)'),
          JSONExtract(m, 'from', 'Nullable(String)'),
          'inbound',
          JSONExtract(m, 'type', 'Nullable(String)'),
          multiIf(JSONExtractString(m, 'referral', 'source_type') = 'ad', 'ctwa',
                  JSONExtractString(m, 'referral', 'source_type') = 'post', 'page_cta', NULL),
          JSONExtract(m, 'referral', 'source_id', 'Nullable(String)')),
        'Tuple(kind String, message_id Nullable(String), timestamp Nullable(String), waba_id Nullable(String), phone_number_id Nullable(String), wa_id Nullable(String), direction String, type Nullable(String), entry_point Nullable(String), ad_id Nullable(String))')),
        JSONExtractArrayRaw(ch, 'value', 'messages')),
      arrayMap(st -> toJSONString(CAST(tuple(
          'status',
          JSONExtract(st, 'id', 'Nullable(String)'),
          JSONExtract(st, 'status', 'Nullable(String)'),
          JSONExtract(st, 'timestamp', 'Nullable(String)')),
        'Tuple(kind String, message_id Nullable(String), status Nullable(String), timestamp Nullable(String))')),
        JSONExtractArrayRaw(ch, 'value', 'statuses'))),
    JSONExtractArrayRaw(e, 'changes'))),
  JSONExtractArrayRaw(line, 'entry')))
)
