-- Splits the buffered runs into numbered lines, takes the records of those that hold several (a
-- webhook envelope, a JSON array of documents, a webhook `value` object given its WABA with --waba:
-- expanded by pipeline/09_expand into staged_expansions), and validates every record (and, for an
-- API key limited to some WABAs, that each record names one of them, {wabas}; for Meta's webhook
-- receiver, {webhooks} = 1, that each line is a webhook delivery) against the log format of
-- interfaces.md §1. A line that fails gets kind = 'reject' and the code of the first check that
-- refuses it (refusal), so nothing is dropped silently; pipeline/10_parse_reasons then puts it
-- into words (reason), in a group that has a refused record only.
-- Blank lines (also a lone \r) carry no record. seq orders the batch's records in input order
-- (increasing, not dense: byte positions, ingest_chunk_buffer.first_byte) for
-- wacost_record_version. An ordinary line is its own record, so its JSON is validated and its
-- fields extracted once (only expanded records are extracted again), and each level below hands
-- plain columns to the next, so the engine plans the statement without expanding the extraction
-- into every use of a field.
INSERT INTO staged_records (line_no, rec_no, seq, kind, raw, message_id, ts, waba_id, phone_number_id, wa_id,
                            direction, template_category, template_name, msg_type, entry_point, ad_id, status,
                            status_ts, country, error_code, error_title, recipient_id, ctwa_clid,
                            pricing_billable, pricing_model, pricing_category, pricing_type, conversation_id,
                            conversation_origin_type, conversation_expiration_ts, refusal)
SELECT
  line_no, rec_no, seq,
  if(refusal_code != 0, 'reject', if(kind_in = 'status', 'status', 'message')) AS kind,
  -- a rejected record of an expanded line is shown as itself (with its own id), not the whole line:
  -- a webhook's as the message or status object Meta sent (f_source; the record built from it is
  -- the product's own flattening, which GET /api/rejected showed: fresh-user trial), a document of
  -- a JSON array as itself; a line that is not UTF-8 as its bytes (pipeline/15_rejects writes those
  -- bytes \xHH). A batch limited to some WABAs keeps every record's text:
  -- pipeline/14_foreign_rejects may reject more.
  if(refusal_code != 0 OR notEmpty({wabas:Array(String)}), if(multi AND rec != '', if(f_source != '', f_source, rec), whole_line), '') AS raw,
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
  upper(ifNull(f_country, '')) AS country,
  ifNull(j.error_code, '') AS error_code, ifNull(j.error_title, '') AS error_title,
  ifNull(j.recipient_id, '') AS recipient_id, ifNull(j.ctwa_clid, '') AS ctwa_clid,
  -- what Meta decided (a status's pricing and conversation; docs/reconcile.md), upper-cased
  multiIf(jm.pricing.billable = 'true', 'true', jm.pricing.billable = 'false', 'false', '') AS pricing_billable,
  upper(ifNull(jm.pricing.pricing_model, '')) AS pricing_model, wacost_meta_category(ifNull(jm.pricing.category, '')) AS pricing_category,
  upper(ifNull(jm.pricing.type, '')) AS pricing_type, ifNull(jm.conversation.id, '') AS conversation_id,
  wacost_meta_category(ifNull(jm.conversation.origin.type, '')) AS conversation_origin_type,
  ifNull(expiry_parsed, toDateTime64(0, 3, 'UTC')) AS conversation_expiration_ts,
  -- what the words of a refusal are made of (migration 857): none for an accepted record
  if(refusal_code = 0, [], [(refusal_code, src, rec, f_source, line_defect, bare_value, doc_array, dup_key, source_defect, kind_in, bad_id,
    f_message_id, f_timestamp, f_waba_id, f_phone_number_id, f_wa_id, f_direction, f_template_category, f_entry_point,
    f_ad_id, f_status, f_status_timestamp, f_country, jm)]) AS refusal
FROM (
  -- which check refuses the record, the first that applies (0: accepted). Its words are
  -- pipeline/10_parse_reasons', for its code, put only in a group that has a refused record:
  -- planning them was half of this statement's planning (~65 ms), paid by every batch.
  SELECT *,
    multiIf(
      NOT utf8, 1,
      rec = '', 2,
      NOT rec_valid, 3,
      JSONType(rec) != 'Object', 4,
      dup_key != '', 5,
      line_defect != '', 6,
      source_defect != '', 7,
      -- a body Meta's webhook receiver took ({webhooks} = 1: each line is one signed delivery)
      -- that is no webhook delivery: said as such, not as a log line missing its fields
      {webhooks:UInt8} = 1 AND (NOT multi OR doc_array), 8,
      rec_bare, 9,
      kind_in NOT IN ('', 'message', 'status'), 10,
      bad_id != '', 11,
      -- an API key limited to some WABAs ({wabas}, empty: any) writes only theirs; a status must name its WABA
      notEmpty({wabas:Array(String)}) AND NOT has({wabas:Array(String)}, ifNull(f_waba_id, '')), 12,
      ifNull(f_message_id, '') = '', 13,
      kind_in = 'status', multiIf(
        ifNull(f_status, '') = '', 20,
        f_status NOT IN ('sent', 'delivered', 'read', 'failed'), 21,
        ifNull(f_timestamp, '') = '', 22,
        ts_parsed IS NULL, 23,
        meta_types.1 NOT IN ('Null', 'Object'), 24,
        meta_types.3 NOT IN ('Null', 'Object'), 25,
        -- an origin given as a string was read as none, unsaid (break-it trial)
        meta_types.4 NOT IN ('Null', 'Object'), 26,
        -- an id given as an object, array or boolean was read as its text (break-it trial); the
        -- type is looked up only for such text, so ordinary ids cost nothing more
        (match(ifNull(jm.conversation.id, ''), '^[\\[{]') OR jm.conversation.id IN ('true', 'false'))
          AND JSONType(rec, 'conversation', 'id') NOT IN ('String', 'Int64', 'UInt64'), 27,
        meta_types.2 NOT IN ('Null', 'Bool'), 28,
        upper(ifNull(jm.pricing.pricing_model, 'CBP')) NOT IN ('CBP', 'PMP'), 29,
        -- Meta's categories only (docs/reconcile.md): any other word was stored and matched no
        -- category the reconciliation compares or prices, so the status dropped out of it unsaid
        -- (break-it trial)
        jm.pricing.category IS NOT NULL AND wacost_meta_category(jm.pricing.category) = '', 30,
        upper(ifNull(jm.pricing.type, 'REGULAR')) NOT IN ('REGULAR', 'FREE_CUSTOMER_SERVICE', 'FREE_ENTRY_POINT'), 31,
        jm.conversation.origin.type IS NOT NULL AND wacost_meta_category(jm.conversation.origin.type) = '', 32,
        jm.conversation.expiration_timestamp IS NOT NULL AND expiry_parsed IS NULL, 33,
        0),
      ifNull(f_timestamp, '') = '', 40,
      ifNull(f_waba_id, '') = '', 41,
      ifNull(f_phone_number_id, '') = '', 42,
      ifNull(f_wa_id, '') = '', 43,
      ifNull(f_direction, '') = '', 44,
      ts_parsed IS NULL, 45,
      NOT match(f_wa_id, '^[0-9]+$'), 46,
      f_direction NOT IN ('inbound', 'outbound'), 47,
      f_template_category IS NOT NULL AND upper(f_template_category) NOT IN ('MARKETING', 'UTILITY', 'AUTHENTICATION'), 48,
      f_entry_point IS NOT NULL AND f_entry_point NOT IN ('ctwa', 'page_cta'), 49,
      -- interfaces.md §1: inbound only (an ad or a Page button brings a customer's message)
      f_entry_point IS NOT NULL AND f_direction = 'outbound', 50,
      -- an ad id given as an object, array or boolean was stored as its JSON text unsaid (break-it
      -- trial): refused as the ids above are; the type is looked up only for such text
      wacost_maybe_not_id(f_ad_id) AND JSONType(rec, 'ad_id') NOT IN ('String', 'Int64', 'UInt64'), 51,
      f_status IS NOT NULL AND f_status NOT IN ('sent', 'delivered', 'read', 'failed'), 52,
      f_status_timestamp IS NOT NULL AND status_ts_parsed IS NULL, 53,
      f_country IS NOT NULL AND NOT match(f_country, '^[A-Za-z]{2}$'), 54,
      -- two letters that name no country or territory (XX, AA; the list: core/reference/validate.ts)
      f_country IS NOT NULL AND NOT has({countries:Array(String)}, upper(f_country)), 55,
      0) AS refusal_code
  FROM (
    -- Meta's expiry parsed, the key given twice: each from the columns of the levels below (an
    -- alias used again in its own level is planned again at each use: Meta's extraction was
    -- planned 9 times inside wacost_parse_ts, the key lists twice)
    SELECT *,
      wacost_parse_ts(jm.conversation.expiration_timestamp) AS expiry_parsed,
      if(dup_src != '', dup_src, dup_rec) AS dup_key
    FROM (
    SELECT *,
      -- (a constant default for every other record: nothing is parsed for them)
      if(has_meta,
         JSONExtract(rec, 'Tuple(pricing Tuple(billable Nullable(String), pricing_model Nullable(String), category Nullable(String), type Nullable(String)), conversation Tuple(id Nullable(String), origin Tuple(type Nullable(String)), expiration_timestamp Nullable(String)))'),
         JSONExtract('{}', 'Tuple(pricing Tuple(billable Nullable(String), pricing_model Nullable(String), category Nullable(String), type Nullable(String)), conversation Tuple(id Nullable(String), origin Tuple(type Nullable(String)), expiration_timestamp Nullable(String)))')) AS jm,
      if(has_meta, (toString(JSONType(rec, 'pricing')), toString(JSONType(rec, 'pricing', 'billable')), toString(JSONType(rec, 'conversation')),
                    -- (a webhook record's origin as Meta sent it: the record built from it always has an object)
                    toString(JSONType(if(f_source != '', f_source, rec), 'conversation', 'origin'))),
         ('Null', 'Null', 'Null', 'Null')) AS meta_types,
      -- a key given twice (at the top, or in the pricing and conversation objects read above):
      -- parsers differ on which value counts (this one would take the first), so it is refused
      -- (the keys are bound inside a lambda, not a column that every level above would carry;
      -- the check costs ~0.6 µs of CPU per record, ~1% of a whole ingest of 300k lines). The
      -- first key seen a second time is where arrayEnumerateUniq first counts 2: no lambda over
      -- the keys that captures them, as a lambda's captured array is copied for each element
      -- (one record of 60,000 keys, one given twice, 0.8 MB, took 20 GB and failed). A record
      -- built from a webhook has its keys once by construction: the keys looked at are those of
      -- the message or status it was read from (f_source, and its referral), which a webhook
      -- gave twice unseen (break-it trial); a document of an array is looked at as itself too.
      if(multi AND NOT doc_array, '', arrayElement(arrayMap(ks -> arrayElement(ks, indexOf(arrayEnumerateUniq(ks), 2)),
        [arrayConcat(if(rec_valid, JSONExtractKeys(rec), []),
           if(has_meta, arrayConcat(arrayMap(k -> concat('pricing.', k), JSONExtractKeys(rec, 'pricing')),
                                    arrayMap(k -> concat('conversation.', k), JSONExtractKeys(rec, 'conversation')),
                                    arrayMap(k -> concat('conversation.origin.', k), JSONExtractKeys(rec, 'conversation', 'origin'))), []))]), 1)) AS dup_rec,
      if(f_source = '', '', arrayElement(arrayMap(ks -> arrayElement(ks, indexOf(arrayEnumerateUniq(ks), 2)),
        [arrayConcat(JSONExtractKeys(f_source),
           if(kind_in = 'status',
              arrayConcat(arrayMap(k -> concat('pricing.', k), JSONExtractKeys(f_source, 'pricing')),
                          arrayMap(k -> concat('conversation.', k), JSONExtractKeys(f_source, 'conversation')),
                          arrayMap(k -> concat('conversation.origin.', k), JSONExtractKeys(f_source, 'conversation', 'origin'))),
              arrayMap(k -> concat('referral.', k), JSONExtractKeys(f_source, 'referral'))))]), 1)) AS dup_src
    FROM (
    -- timestamps parsed; ids typed: only strings and whole numbers are ids (a boolean, object or
    -- array is refused, never turned into text)
    SELECT *, ifNull(f_kind, '') AS kind_in,
      wacost_parse_ts(f_timestamp) AS ts_parsed,
      wacost_parse_ts(f_status_timestamp) AS status_ts_parsed,
      -- Meta's decision on a status (pricing, conversation): read only from status records that
      -- mention it (a webhook status always does, as nulls when Meta said nothing)
      kind_in = 'status' AND rec_valid AND (position(rec, '"pricing"') > 0 OR position(rec, '"conversation"') > 0) AS has_meta,
      -- a webhook message or status that is not an object, or a status whose errors[] are not
      -- as Meta sends them (looked at only in one that has them: a failed one)
      multiIf(f_source = '', '',
              NOT startsWith(f_source, '{'), concat('invalid ', src, ' element: ', leftUTF8(f_source, 60), ' (expected an object)'),
              kind_in = 'status' AND position(f_source, '"errors"') > 0, wacost_errors_defect(JSONExtractRaw(f_source, 'errors')),
              '') AS source_defect,
      multiIf(wacost_maybe_not_id(f_message_id) AND JSONType(rec, 'message_id') NOT IN ('String', 'Int64', 'UInt64'), 'message_id',
              wacost_maybe_not_id(f_waba_id) AND JSONType(rec, 'waba_id') NOT IN ('String', 'Int64', 'UInt64'), 'waba_id',
              wacost_maybe_not_id(f_phone_number_id) AND JSONType(rec, 'phone_number_id') NOT IN ('String', 'Int64', 'UInt64'), 'phone_number_id',
              '') AS bad_id
    FROM (
      -- each record's fields: an expanded record's as extracted again (j), an ordinary line's as
      -- extracted once for the line (fl)
      SELECT line_no, whole_line, utf8, doc_array, bare_value, multi, line_defect, rec_no, seq, source_at, rec, rec_valid, j,
        if(multi, ifNull(j.src, ''), '') AS src, f_source,
        if(multi, j.object IS NULL AND j.messaging_product = 'whatsapp' AND j.metadata IS NOT NULL AND j.message_id IS NULL, bare_value) AS rec_bare,
        if(multi, j.kind, fl.kind) AS f_kind, if(multi, j.message_id, fl.message_id) AS f_message_id,
        if(multi, j.timestamp, fl.timestamp) AS f_timestamp, if(multi, j.waba_id, fl.waba_id) AS f_waba_id,
        if(multi, j.phone_number_id, fl.phone_number_id) AS f_phone_number_id, if(multi, j.wa_id, fl.wa_id) AS f_wa_id,
        if(multi, j.direction, fl.direction) AS f_direction, if(multi, j.template_category, fl.template_category) AS f_template_category,
        if(multi, j.template_name, fl.template_name) AS f_template_name, if(multi, j.type, fl.type) AS f_type,
        if(multi, j.entry_point, fl.entry_point) AS f_entry_point, if(multi, j.ad_id, fl.ad_id) AS f_ad_id,
        if(multi, j.status, fl.status) AS f_status, if(multi, j.status_timestamp, fl.status_timestamp) AS f_status_timestamp,
        if(multi, j.country, fl.country) AS f_country
      FROM (
      -- (each level hands its record's text and extraction up as columns: an alias used again in
      -- its own level is planned again at each use, here the extraction once for each field)
      SELECT *, if(multi, isValidJSON(rec), valid) AS rec_valid,
        if(multi, JSONExtract(rec, 'Tuple(object Nullable(String), kind Nullable(String), src Nullable(String), message_id Nullable(String), timestamp Nullable(String), waba_id Nullable(String), phone_number_id Nullable(String), wa_id Nullable(String), direction Nullable(String), template_category Nullable(String), template_name Nullable(String), type Nullable(String), entry_point Nullable(String), ad_id Nullable(String), status Nullable(String), status_timestamp Nullable(String), country Nullable(String), messaging_product Nullable(String), metadata Nullable(String), error_code Nullable(String), error_title Nullable(String), recipient_id Nullable(String), ctwa_clid Nullable(String))'),
           JSONExtract('{}', 'Tuple(object Nullable(String), kind Nullable(String), src Nullable(String), message_id Nullable(String), timestamp Nullable(String), waba_id Nullable(String), phone_number_id Nullable(String), wa_id Nullable(String), direction Nullable(String), template_category Nullable(String), template_name Nullable(String), type Nullable(String), entry_point Nullable(String), ad_id Nullable(String), status Nullable(String), status_timestamp Nullable(String), country Nullable(String), messaging_product Nullable(String), metadata Nullable(String), error_code Nullable(String), error_title Nullable(String), recipient_id Nullable(String), ctwa_clid Nullable(String))')) AS j
      FROM (
      -- one row per record: an expanded line's records (their fields, and what webhooks say beyond
      -- the log format, extracted again), or the line itself (its fields as extracted below)
      -- rec_no: the record's place in its line, from the place of the line's first record in its
      -- run (rec_base: ingest_chunk_buffer.first_rec for a run's first line, else 0), so a line counts
      -- once (its record 0: pipeline/70_group_summary) however many runs carry it
      SELECT line_no, whole_line, utf8, valid, fl, doc_array, bare_value, multi, line_defect, rec_base + rec_i - 1 AS rec_no, seq0 + rec_i - 1 AS seq,
        -- a webhook record is followed by a NUL and the object it was read from (wacost_value_records)
        position(rec_e, '\0') AS source_at,
        if(multi, if(source_at > 0, substring(rec_e, 1, source_at - 1), rec_e), whole_line) AS rec,
        -- the webhook message or status a record was built from (wacost_value_records), as sent ('' for any other record)
        if(source_at > 0, substring(rec_e, source_at + 1), '') AS f_source
      FROM (
        -- one row per non-blank line, its fields extracted once; invalid UTF-8 is not parsed.
        -- A line that holds several records or is a webhook value object was expanded by
        -- pipeline/09_expand (staged_expansions: its records, and what is wrong with it as a
        -- whole); any other line is not listed there and holds one record of its own.
        SELECT l.line_no AS line_no, l.rec_base AS rec_base, line, seq0, utf8, valid,
          x.doc_array AS doc_array, x.bare_value AS bare_value, x.multi AS multi, x.records AS records,
          x.line_defect AS line_defect,
          -- The ARRAY JOIN below copies every column it keeps onto each record of the line, so
          -- an expanded line keeps neither its text nor its fields (records x line bytes would
          -- be quadratic: a 1 MB array of 5,000 documents took over 3 GB): its records carry
          -- their own JSON. The text stays for the one row that stands for the whole line (an
          -- ordinary line, or an expanded line without records, shown as itself if refused).
          if(multi AND notEmpty(records), '', line) AS whole_line,
          -- an expanded line's own fields are never read (its records carry theirs): nothing is
          -- extracted from it, so no large field of it rides along with each of its records
          JSONExtract(if(utf8 AND NOT multi, line, ''), 'Tuple(object Nullable(String), kind Nullable(String), message_id Nullable(String), timestamp Nullable(String), waba_id Nullable(String), phone_number_id Nullable(String), wa_id Nullable(String), direction Nullable(String), template_category Nullable(String), template_name Nullable(String), type Nullable(String), entry_point Nullable(String), ad_id Nullable(String), status Nullable(String), status_timestamp Nullable(String), country Nullable(String))') AS fl
        FROM (
          SELECT first_line + n - 1 AS line_no, if(n = 1, first_rec, 0) AS rec_base, trimRight(raw_line, '\r') AS line, first_byte + upto AS seq0,
            isValidUTF8(line) AS utf8,
            utf8 AND isValidJSON(line) AS valid
          FROM ingest_chunk_buffer
          -- seq (the records' order in the batch, without sorting the lines): a line's byte position
          -- in the batch (upto: within its run); its records (fewer than its bytes) follow it
          ARRAY JOIN splitByChar('\n', text) AS raw_line, arrayEnumerate(splitByChar('\n', text)) AS n,
            arrayPushFront(arrayPopBack(arrayCumSum(arrayMap(l -> length(l) + 1, splitByChar('\n', text)))), 0) AS upto
          -- blank lines (spaces, tabs, a CRLF file's \r: any number of them) carry no record; a
          -- line of 3 blanks or more was refused as "not valid JSON" (break-it trial). An anchored
          -- match stops at a line's first other byte (~11 ns a line; a trim copied each line)
          WHERE NOT match(raw_line, '^[ \t\r]*$')
        ) AS l
        -- (a line carried by several runs of the group: each part joins its own expansion)
        LEFT JOIN staged_expansions AS x ON x.line_no = l.line_no AND x.first_rec = l.rec_base
      )
      ARRAY JOIN if(empty(records), [''], records) AS rec_e, arrayEnumerate(if(empty(records), [''], records)) AS rec_i
      )
      )
    )
    )
    )
  )
)
-- Planning this statement costs more than parsing a 10k-line group; not merging the levels'
-- expressions into one costs nothing at run time and saves a third of the planning. Nor is
-- optimize_and_compare_chain of use here (it adds the comparisons implied by a chain such as
-- a < b AND b < 5, for index analysis; this statement reads a Memory table): going over its
-- logical expressions for them took half of the planning left (~0.25 s of ~0.5 s per group,
-- also on an empty group). Webhook records keep each value's JSON type as raw JSON
-- (wacost_value_records), so nothing here infers types.
SETTINGS query_plan_merge_expressions = 0, optimize_and_compare_chain = 0
