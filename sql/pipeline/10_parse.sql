-- Splits the buffered runs into numbered lines, expands webhook envelopes
-- (wacost_envelope_records), and validates every record against the log format of
-- interfaces.md §1. A line that fails gets kind = 'reject' and the first reason that applies,
-- so nothing is dropped silently. Blank lines carry no record. The rules are those of migration
-- 007 (mv_parse_chunks); what changed is how often they run: an ordinary line is its own
-- record, so its JSON is validated and its fields extracted once (only envelope records are
-- extracted again), and each level below hands plain columns to the next, so the engine plans
-- the statement without expanding the extraction into every use of a field.
INSERT INTO staged_records (line_no, rec_no, kind, reason, raw, message_id, ts, waba_id, phone_number_id, wa_id,
                            direction, template_category, template_name, msg_type, entry_point, ad_id, status,
                            status_ts, country)
SELECT
  line_no, rec_no,
  if(reason != '', 'reject', if(kind_in = 'status', 'status', 'message')) AS kind,
  reason,
  if(reason != '', line, '') AS raw,
  ifNull(f_message_id, '') AS message_id,
  ifNull(ts_parsed, toDateTime64(0, 3, 'UTC')) AS ts,
  ifNull(f_waba_id, '') AS waba_id,
  ifNull(f_phone_number_id, '') AS phone_number_id,
  -- the customer's canonical spelling (migration 160): one customer, one key
  wacost_canonical_wa_id(ifNull(f_wa_id, '')) AS wa_id,
  ifNull(f_direction, '') AS direction,
  -- Only outbound messages are templates; entry points only mean something on inbound ones.
  if(direction = 'outbound', upper(ifNull(f_template_category, '')), '') AS template_category,
  ifNull(f_template_name, '') AS template_name,
  ifNull(f_type, '') AS msg_type,
  if(direction = 'inbound', ifNull(f_entry_point, ''), '') AS entry_point,
  ifNull(f_ad_id, '') AS ad_id,
  ifNull(f_status, '') AS status,
  ifNull(if(kind_in = 'status', ts_parsed, status_ts_parsed), ts) AS status_ts,
  upper(ifNull(f_country, '')) AS country
FROM (
  -- the first reason that applies, '' for an accepted record
  SELECT *,
    multiIf(
      rec = '', 'webhook envelope holds no messages or statuses',
      NOT rec_valid, 'not valid JSON',
      JSONType(rec) != 'Object', 'not a JSON object',
      kind_in NOT IN ('', 'message', 'status'), concat('unknown kind: ', kind_in, ' (expected message or status)'),
      ifNull(f_message_id, '') = '', 'missing required field: message_id',
      kind_in = 'status', multiIf(
        ifNull(f_status, '') = '', 'missing required field: status',
        f_status NOT IN ('sent', 'delivered', 'read', 'failed'), concat('invalid status: ', f_status, ' (expected sent, delivered, read or failed)'),
        ifNull(f_timestamp, '') = '', 'missing required field: timestamp',
        ts_parsed IS NULL, concat('invalid timestamp: ', f_timestamp, ' (expected ISO 8601 with a zone, or Unix seconds)'),
        ''),
      ifNull(f_timestamp, '') = '', 'missing required field: timestamp',
      ifNull(f_waba_id, '') = '', 'missing required field: waba_id',
      ifNull(f_phone_number_id, '') = '', 'missing required field: phone_number_id',
      ifNull(f_wa_id, '') = '', 'missing required field: wa_id',
      ifNull(f_direction, '') = '', 'missing required field: direction',
      ts_parsed IS NULL, concat('invalid timestamp: ', f_timestamp, ' (expected ISO 8601 with a zone, or Unix seconds)'),
      NOT match(f_wa_id, '^[0-9]+$'), concat('invalid wa_id: ', f_wa_id, ' (expected digits only)'),
      f_direction NOT IN ('inbound', 'outbound'), concat('invalid direction: ', f_direction, ' (expected inbound or outbound)'),
      f_template_category IS NOT NULL AND upper(f_template_category) NOT IN ('MARKETING', 'UTILITY', 'AUTHENTICATION'),
        concat('invalid template_category: ', f_template_category, ' (expected MARKETING, UTILITY or AUTHENTICATION)'),
      f_entry_point IS NOT NULL AND f_entry_point NOT IN ('ctwa', 'page_cta'), concat('invalid entry_point: ', f_entry_point, ' (expected ctwa or page_cta)'),
      f_status IS NOT NULL AND f_status NOT IN ('sent', 'delivered', 'read', 'failed'), concat('invalid status: ', f_status, ' (expected sent, delivered, read or failed)'),
      f_status_timestamp IS NOT NULL AND status_ts_parsed IS NULL, concat('invalid status_timestamp: ', f_status_timestamp, ' (expected ISO 8601 with a zone, or Unix seconds)'),
      f_country IS NOT NULL AND NOT match(f_country, '^[A-Za-z]{2}$'), concat('invalid country: ', f_country, ' (expected an ISO 3166 alpha-2 code)'),
      '') AS reason
  FROM (
    -- timestamps parsed
    SELECT *, ifNull(f_kind, '') AS kind_in,
      wacost_parse_ts(f_timestamp) AS ts_parsed,
      wacost_parse_ts(f_status_timestamp) AS status_ts_parsed
    FROM (
      -- one row per record: an envelope's records, or the line itself
      SELECT line_no, line, rec_i - 1 AS rec_no,
        if(envelope, rec_e, line) AS rec,
        if(envelope, isValidJSON(rec_e), valid) AS rec_valid,
        if(envelope, JSONExtract(rec_e, 'Tuple(object Nullable(String), kind Nullable(String), message_id Nullable(String), timestamp Nullable(String), waba_id Nullable(String), phone_number_id Nullable(String), wa_id Nullable(String), direction Nullable(String), template_category Nullable(String), template_name Nullable(String), type Nullable(String), entry_point Nullable(String), ad_id Nullable(String), status Nullable(String), status_timestamp Nullable(String), country Nullable(String))'), jl) AS j,
        j.kind AS f_kind, j.message_id AS f_message_id, j.timestamp AS f_timestamp, j.waba_id AS f_waba_id,
        j.phone_number_id AS f_phone_number_id, j.wa_id AS f_wa_id, j.direction AS f_direction,
        j.template_category AS f_template_category, j.template_name AS f_template_name, j.type AS f_type,
        j.entry_point AS f_entry_point, j.ad_id AS f_ad_id, j.status AS f_status,
        j.status_timestamp AS f_status_timestamp, j.country AS f_country
      FROM (
        -- one row per non-blank line, its fields extracted once
        SELECT first_line + n - 1 AS line_no, trimRight(raw_line, '\r') AS line,
          isValidJSON(line) AS valid,
          JSONExtract(line, 'Tuple(object Nullable(String), kind Nullable(String), message_id Nullable(String), timestamp Nullable(String), waba_id Nullable(String), phone_number_id Nullable(String), wa_id Nullable(String), direction Nullable(String), template_category Nullable(String), template_name Nullable(String), type Nullable(String), entry_point Nullable(String), ad_id Nullable(String), status Nullable(String), status_timestamp Nullable(String), country Nullable(String))') AS jl,
          valid AND jl.object = 'whatsapp_business_account' AS envelope,
          if(envelope, wacost_envelope_records(line), []) AS records
        FROM ingest_chunk_buffer
        ARRAY JOIN splitByChar('\n', text) AS raw_line, arrayEnumerate(splitByChar('\n', text)) AS n
        WHERE trimBoth(raw_line) != ''
      )
      ARRAY JOIN if(empty(records), [''], records) AS rec_e, arrayEnumerate(if(empty(records), [''], records)) AS rec_i
    )
  )
)
-- Planning this statement costs more than parsing a 10k-line group; not merging the levels'
-- expressions into one costs nothing at run time and saves a third of the planning.
SETTINGS query_plan_merge_expressions = 0
