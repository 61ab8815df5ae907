-- Splits each chunk into numbered lines, expands webhook envelopes, and validates every record
-- against the log format of interfaces.md §1. A line that fails gets kind = 'reject' and the
-- first reason that applies, so nothing is dropped silently. Blank lines carry no record.
CREATE MATERIALIZED VIEW IF NOT EXISTS mv_parse_chunks TO staged_lines AS
SELECT
  batch_id, source, line_no, rec_no,
  if(reason != '', 'reject', if(kind_in = 'status', 'status', 'message')) AS kind,
  reason,
  if(reason != '', line, '') AS raw,
  ifNull(j.message_id, '') AS message_id,
  ifNull(ts_parsed, toDateTime64(0, 3, 'UTC')) AS ts,
  ifNull(j.waba_id, '') AS waba_id,
  ifNull(j.phone_number_id, '') AS phone_number_id,
  ifNull(j.wa_id, '') AS wa_id,
  ifNull(j.direction, '') AS direction,
  -- Only outbound messages are templates; entry points only mean something on inbound ones.
  if(direction = 'outbound', upper(ifNull(j.template_category, '')), '') AS template_category,
  ifNull(j.template_name, '') AS template_name,
  ifNull(j.type, '') AS msg_type,
  if(direction = 'inbound', ifNull(j.entry_point, ''), '') AS entry_point,
  ifNull(j.ad_id, '') AS ad_id,
  ifNull(j.status, '') AS status,
  ifNull(if(kind_in = 'status', ts_parsed, status_ts_parsed), ts) AS status_ts,
  upper(ifNull(j.country, '')) AS country
FROM (
  SELECT
    batch_id, source, line_no, line, rec_no - 1 AS rec_no, rec,
    JSONExtract(rec, 'Tuple(kind Nullable(String), message_id Nullable(String), timestamp Nullable(String), waba_id Nullable(String), phone_number_id Nullable(String), wa_id Nullable(String), direction Nullable(String), template_category Nullable(String), template_name Nullable(String), type Nullable(String), entry_point Nullable(String), ad_id Nullable(String), status Nullable(String), status_timestamp Nullable(String), country Nullable(String))') AS j,
    ifNull(j.kind, '') AS kind_in,
    wacost_parse_ts(j.timestamp) AS ts_parsed,
    wacost_parse_ts(j.status_timestamp) AS status_ts_parsed,
    multiIf(
      rec = '', 'webhook envelope holds no messages or statuses',
      NOT isValidJSON(rec), 'not valid JSON',
      JSONType(rec) != 'Object', 'not a JSON object',
      kind_in NOT IN ('', 'message', 'status'), concat('unknown kind: ', kind_in, ' (expected message or status)'),
      ifNull(j.message_id, '') = '', 'missing required field: message_id',
      kind_in = 'status', multiIf(
        ifNull(j.status, '') = '', 'missing required field: status',
        j.status NOT IN ('sent', 'delivered', 'read', 'failed'), concat('invalid status: ', j.status, ' (expected sent, delivered, read or failed)'),
        ifNull(j.timestamp, '') = '', 'missing required field: timestamp',
        ts_parsed IS NULL, concat('invalid timestamp: ', j.timestamp, ' (expected ISO 8601 with a zone, or Unix seconds)'),
        ''),
      ifNull(j.timestamp, '') = '', 'missing required field: timestamp',
      ifNull(j.waba_id, '') = '', 'missing required field: waba_id',
      ifNull(j.phone_number_id, '') = '', 'missing required field: phone_number_id',
      ifNull(j.wa_id, '') = '', 'missing required field: wa_id',
      ifNull(j.direction, '') = '', 'missing required field: direction',
      ts_parsed IS NULL, concat('invalid timestamp: ', j.timestamp, ' (expected ISO 8601 with a zone, or Unix seconds)'),
      NOT match(j.wa_id, '^[0-9]+$'), concat('invalid wa_id: ', j.wa_id, ' (expected digits only)'),
      j.direction NOT IN ('inbound', 'outbound'), concat('invalid direction: ', j.direction, ' (expected inbound or outbound)'),
      j.template_category IS NOT NULL AND upper(j.template_category) NOT IN ('MARKETING', 'UTILITY', 'AUTHENTICATION'),
        concat('invalid template_category: ', j.template_category, ' (expected MARKETING, UTILITY or AUTHENTICATION)'),
      j.entry_point IS NOT NULL AND j.entry_point NOT IN ('ctwa', 'page_cta'), concat('invalid entry_point: ', j.entry_point, ' (expected ctwa or page_cta)'),
      j.status IS NOT NULL AND j.status NOT IN ('sent', 'delivered', 'read', 'failed'), concat('invalid status: ', j.status, ' (expected sent, delivered, read or failed)'),
      j.status_timestamp IS NOT NULL AND status_ts_parsed IS NULL, concat('invalid status_timestamp: ', j.status_timestamp, ' (expected ISO 8601 with a zone, or Unix seconds)'),
      j.country IS NOT NULL AND NOT match(j.country, '^[A-Za-z]{2}$'), concat('invalid country: ', j.country, ' (expected an ISO 3166 alpha-2 code)'),
      '') AS reason
  FROM (
    SELECT batch_id, source, first_line + n - 1 AS line_no, trimRight(raw_line, '\r') AS line,
      isValidJSON(line) AND JSONExtractString(line, 'object') = 'whatsapp_business_account' AS envelope,
      if(envelope, wacost_envelope_records(line), [line]) AS records
    FROM ingest_chunks
    ARRAY JOIN splitByChar('\n', text) AS raw_line, arrayEnumerate(splitByChar('\n', text)) AS n
    WHERE trimBoth(raw_line) != ''
  )
  ARRAY JOIN if(empty(records), [''], records) AS rec, arrayEnumerate(if(empty(records), [''], records)) AS rec_no
)
