-- The words of each reason pipeline/10_parse refused a record for (its refusal code: the first
-- check that applies), run only in a group that has a refused record (pipeline/10_refused): the
-- refused records again, with their reason; pipeline/10_parse_unworded then drops the records as
-- 10_parse wrote them. Reasons name fields as the input spells them (wacost_input_field, from src),
-- a required field absent or null as missing, one given as "" as empty (wacost_required_defect's
-- words): of a record refused for a required field, every required field of its kind it lacks
-- (a line without timestamp and direction was said to lack the timestamp alone: break-it trial).
-- Every code 10_parse gives has its words here (test/parse-reasons.test.ts).
INSERT INTO staged_records
WITH
  r.code AS code, r.src AS src, r.rec AS rec, r.f_source AS f_source, r.line_defect AS line_defect, r.bare_value AS bare_value,
  r.doc_array AS doc_array, r.dup_key AS dup_key, r.source_defect AS source_defect, r.kind_in AS kind_in, r.bad_id AS bad_id,
  r.f_message_id AS f_message_id, r.f_timestamp AS f_timestamp, r.f_waba_id AS f_waba_id, r.f_phone_number_id AS f_phone_number_id,
  r.f_wa_id AS f_wa_id, r.f_direction AS f_direction, r.f_template_category AS f_template_category, r.f_entry_point AS f_entry_point,
  r.f_ad_id AS f_ad_id, r.f_status AS f_status, r.f_status_timestamp AS f_status_timestamp, r.f_country AS f_country, r.jm AS jm,
  -- (a WABA-limited key's refusal of a record without its WABA: code 12)
  wacost_required_defect(src, 'waba_id', f_waba_id) AS waba_missing,
  -- the required fields of the record's kind (10_parse's checks 13, 20, 22 and 40 to 44), and those it lacks
  if(kind_in = 'status', ['message_id', 'status', 'timestamp'], ['message_id', 'timestamp', 'waba_id', 'phone_number_id', 'wa_id', 'direction']) AS required_names,
  if(kind_in = 'status', [f_message_id, f_status, f_timestamp], [f_message_id, f_timestamp, f_waba_id, f_phone_number_id, f_wa_id, f_direction]) AS required_values,
  arrayMap(n -> wacost_input_field(src, n), arrayFilter((n, v) -> v IS NULL, required_names, required_values)) AS missing_fields,
  arrayMap(n -> wacost_input_field(src, n), arrayFilter((n, v) -> v IS NOT NULL AND v = '', required_names, required_values)) AS empty_fields,
  -- the refused value of a reason that quotes it as given; one with a blank at an end is shown in
  -- double quotes (escaped as JSON writes it) and said so: "invalid wa_id:  14155550134" showed the
  -- blank only as a double space (break-it trial), now 'invalid wa_id: " 14155550134" (it starts
  -- with a blank; expected digits only)', as README words a blank elsewhere
  -- (the value of each code's field, looked up by the code's place: test/parse-reasons.test.ts reads `code = N,` as words)
  [f_timestamp, f_timestamp, f_status_timestamp, f_wa_id, f_direction, f_status, f_status, f_template_category, f_entry_point, f_country]
    [indexOf([23, 45, 53, 46, 47, 21, 52, 48, 49, 54], code)] AS bad_value,
  ifNull(match(bad_value, '^\\s|\\s$'), false) AS edged,
  if(edged, concat('"', replaceAll(replaceAll(replaceAll(replaceAll(replaceAll(bad_value, '\\', '\\\\'), '"', '\\"'),
    '\t', '\\t'), '\n', '\\n'), '\r', '\\r'), '"'), bad_value) AS shown,
  multiIf(NOT edged, '', match(bad_value, '^\\s'), 'it starts with a blank; ', 'it ends with a blank; ') AS edge_said,
  -- a timestamp's words (wacost_time_defect: 'invalid F: V (expected …)'), the blank said inside its parenthesis
  if(code != 53, wacost_input_field(src, 'timestamp'), 'status_timestamp') AS time_field,
  wacost_time_defect(time_field, bad_value) AS time_words,
  -- the fields (entry[].changes[].field) of an envelope without records: Meta sends other fields
  -- (account_update, message_template_status_update) on the same webhook, which read as
  -- "holds no messages or statuses", an error to an integrator (webhook trial); raw is the line
  arrayDistinct(arrayFilter(f -> f != '', arrayFlatten(arrayMap(e -> arrayMap(c -> JSONExtractString(c, 'field'), JSONExtractArrayRaw(e, 'changes')),
    JSONExtractArrayRaw(if(code = 2 AND NOT bare_value AND line_defect = '', raw, ''), 'entry'))))) AS other_fields,
  if(edged, concat('invalid ', time_field, ': ', shown, ' (', edge_said, substring(time_words, length(time_field) + length(bad_value) + 13)), time_words) AS time_said
SELECT * REPLACE (
  multiIf(
    code = 1, 'not valid UTF-8 (bytes that are not UTF-8 are refused, never replaced)',
    code = 2, multiIf(line_defect != '', line_defect, bare_value, 'webhook value object holds no messages or statuses',
      notEmpty(other_fields) AND NOT has(other_fields, 'messages'),
        concat('a webhook delivery of the field', if(length(other_fields) > 1, 's ', ' '), arrayStringConcat(other_fields, ', '), ', which carr',
          if(length(other_fields) > 1, 'y', 'ies'), ' no messages or statuses: not an error, kept for the record; costs need only the messages field (subscribe the webhook to messages alone)'),
      'webhook envelope holds no messages or statuses'),
    -- ("not valid JSON" alone is said more exactly, where it can be, by pipeline/10_name_json_defects)
    code = 3, wacost_json_defect(rec),
    code = 4, if(doc_array AND startsWith(rec, '['),
      'an array inside the array of documents: each element must be one JSON object (a message or status line, or a webhook envelope); the records inside it are not read',
      'not a JSON object'),
    code = 5, concat('duplicate key: ', wacost_input_field(src, dup_key), ' appears more than once (which value counts is ambiguous; give each key once)'),
    code = 6, line_defect,
    code = 7, source_defect,
    code = 8,
      'not a webhook delivery of the WhatsApp Business Platform (Meta sends one object: {"object": "whatsapp_business_account", "entry": [...]}); a message log goes to POST /api/ingest',
    code = 9,
      'webhook value object (entry[].changes[].value) without its envelope: the WABA id (entry[].id) is missing; give it with --waba ID (POST /api/ingest: ?waba=ID)',
    code = 10, concat('unknown kind: ', kind_in, ' (expected message or status)'),
    code = 11, concat('invalid ', wacost_input_field(src, bad_id), ': ',
      leftUTF8(multiIf(bad_id = 'message_id', f_message_id, bad_id = 'waba_id', f_waba_id, f_phone_number_id), 60), ' (expected a string or a whole number)'),
    code = 12,
      if(ifNull(f_waba_id, '') = '',
         concat(waba_missing, ' (this API key may write only WABA ', arrayStringConcat({wabas:Array(String)}, ', '), ')'),
         concat('WABA ', f_waba_id, ' is not one this API key may write (it may write WABA ', arrayStringConcat({wabas:Array(String)}, ', '), ')')),
    -- every required field missing, then every one given as "":
    -- 'missing required fields: timestamp, direction; empty required field: wa_id (given as "")'
    code IN (13, 20, 22, 40, 41, 42, 43, 44), arrayStringConcat(arrayFilter(w -> w != '', [
      if(empty(missing_fields), '', concat('missing required field', if(length(missing_fields) > 1, 's', ''), ': ', arrayStringConcat(missing_fields, ', '))),
      if(empty(empty_fields), '', concat('empty required field', if(length(empty_fields) > 1, 's', ''), ': ', arrayStringConcat(empty_fields, ', '),
        if(length(empty_fields) > 1, ' (each given as "")', ' (given as "")')))]), '; '),
    code IN (21, 52), concat('invalid status: ', shown, ' (', edge_said, 'expected sent, delivered, read or failed)'),
    code IN (23, 45, 53), time_said,
    -- the value given is quoted as JSON (a string in its quotes), cut short past 60 characters
    code = 24,
      concat('invalid ', wacost_input_field(src, 'pricing'), ' (expected an object, got ', if(lengthUTF8(JSONExtractRaw(rec, 'pricing')) > 60, concat(leftUTF8(JSONExtractRaw(rec, 'pricing'), 59), '…'), JSONExtractRaw(rec, 'pricing')), ')'),
    code = 25,
      concat('invalid ', wacost_input_field(src, 'conversation'), ' (expected an object, got ', if(lengthUTF8(JSONExtractRaw(rec, 'conversation')) > 60, concat(leftUTF8(JSONExtractRaw(rec, 'conversation'), 59), '…'), JSONExtractRaw(rec, 'conversation')), ')'),
    code = 26,
      concat('invalid ', wacost_input_field(src, 'conversation.origin'), ' (expected an object, got ', leftUTF8(JSONExtractRaw(if(f_source != '', f_source, rec), 'conversation', 'origin'), 60), ')'),
    code = 27, concat('invalid ', wacost_input_field(src, 'conversation.id'), ': ', leftUTF8(jm.conversation.id, 60), ' (expected a string)'),
    code = 28, concat('invalid ', wacost_input_field(src, 'pricing.billable'), ': ', leftUTF8(ifNull(jm.pricing.billable, ''), 60), ' (expected true or false)'),
    code = 29, concat('invalid ', wacost_input_field(src, 'pricing.pricing_model'), ': ', leftUTF8(jm.pricing.pricing_model, 60), ' (expected CBP or PMP)'),
    -- (Meta's docs also spell authentication-international with a hyphen: wacost_meta_category)
    code = 30,
      concat('invalid ', wacost_input_field(src, 'pricing.category'), ': ', leftUTF8(jm.pricing.category, 60),
             ' (expected one of Meta\'s pricing categories: marketing, marketing_lite, utility, authentication, authentication_international, service, referral_conversion, or before June 2023 business_initiated or user_initiated)'),
    code = 31, concat('invalid ', wacost_input_field(src, 'pricing.type'), ': ', leftUTF8(jm.pricing.type, 60), ' (expected regular, free_customer_service or free_entry_point)'),
    code = 32,
      concat('invalid ', wacost_input_field(src, 'conversation.origin.type'), ': ', leftUTF8(jm.conversation.origin.type, 60),
             ' (expected one of Meta\'s conversation categories: marketing, marketing_lite, utility, authentication, authentication_international, service, referral_conversion, or before June 2023 business_initiated or user_initiated)'),
    code = 33,
      concat('invalid ', wacost_input_field(src, 'conversation.expiration_timestamp'), ': ', leftUTF8(jm.conversation.expiration_timestamp, 60), ' (expected Unix seconds or ISO 8601 with a zone, in the years 1970–2099)'),
    code = 46, concat('invalid ', wacost_input_field(src, 'wa_id'), ': ', shown, ' (', edge_said, 'expected digits only)'),
    code = 47, concat('invalid direction: ', shown, ' (', edge_said, 'expected inbound or outbound)'),
    code = 48, concat('invalid template_category: ', shown, ' (', edge_said, 'expected MARKETING, UTILITY or AUTHENTICATION)'),
    code = 49, concat('invalid entry_point: ', shown, ' (', edge_said, 'expected ctwa or page_cta)'),
    code = 50, concat('invalid entry_point: ', f_entry_point, ' on an outbound message (entry points are inbound only; absent or null otherwise)'),
    code = 51, concat('invalid ', if(src = '', 'ad_id', concat(src, '.referral.source_id')), ': ', leftUTF8(f_ad_id, 60), ' (expected a string or a whole number)'),
    code = 54, concat('invalid country: ', shown, ' (', edge_said, 'expected an ISO 3166 alpha-2 code)'),
    code = 55, concat('invalid country: ', f_country, ' (not an ISO 3166 alpha-2 country code)'),
    '') AS reason,
  [] AS refusal)
FROM staged_records
ARRAY JOIN refusal AS r
