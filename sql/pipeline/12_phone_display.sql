-- Learns each business phone number's display number from the webhooks' value objects
-- (entry[].changes[].value: {"metadata": {"display_phone_number": …, "phone_number_id": …},
-- "messages"/"statuses": [{"timestamp": …}]}) in the group's lines, whatever shape holds them
-- (envelope, bare value, JSON array of either): each spelling with the time of its latest webhook,
-- a value object's greatest message or status timestamp (1970 when it holds none or none parses).
-- webhook_display_numbers keeps each spelling's latest time and the view phone_number_labels shows
-- the latest spelling, ties by the greater one: the same number whatever the order of lines,
-- batches or merges. Runs before the runs are cleared; lines without metadata cost one search.
-- Each line is parsed once, into typed tuples of just the fields read here (an envelope and a bare
-- value object described by one type): taking the line apart by raw text instead (is it valid,
-- an array, an envelope, its entries, changes, value, metadata, messages, statuses, each record's
-- timestamp) parsed a webhook delivery's text ~10 times, ~7 % of a live micro-batch's CPU.
INSERT INTO webhook_display_numbers (phone_number_id, display_phone_number, seen_ts)
WITH
  -- what is read of a value object (entry[].changes[].value, or a bare one)
  'Tuple(metadata Tuple(display_phone_number String, phone_number_id String), messages Array(Tuple(timestamp Nullable(String))), statuses Array(Tuple(timestamp Nullable(String))))' AS value_type,
  -- a document: an envelope (its entries' values) or a bare value object, as one type
  'Tuple(object String, entry Array(Tuple(changes Array(Tuple(value Tuple(metadata Tuple(display_phone_number String, phone_number_id String), messages Array(Tuple(timestamp Nullable(String))), statuses Array(Tuple(timestamp Nullable(String)))))))), metadata Tuple(display_phone_number String, phone_number_id String), messages Array(Tuple(timestamp Nullable(String))), statuses Array(Tuple(timestamp Nullable(String))))' AS doc_type
SELECT v.metadata.phone_number_id AS phone_number_id,
       v.metadata.display_phone_number AS display_phone_number,
       max(arrayMax(arrayConcat([toDateTime64(0, 3, 'UTC')],
         arrayMap(r -> ifNull(wacost_parse_ts(r.timestamp), toDateTime64(0, 3, 'UTC')), arrayConcat(v.messages, v.statuses))))) AS seen_ts
FROM (
  SELECT arrayJoin(arrayFlatten(arrayMap(d ->
           -- an envelope holds its value objects in entry[].changes[]; anything else is one
           if(d.object = 'whatsapp_business_account',
              arrayFlatten(arrayMap(e -> arrayMap(c -> c.value, e.changes), d.entry)),
              [CAST((d.metadata, d.messages, d.statuses), value_type)]),
           -- (a line that is not JSON reads as empty tuples: no number)
           if(match(line, '^[ \\t\\r]*\\['), JSONExtract(line, concat('Array(', doc_type, ')')), [JSONExtract(line, doc_type)])))) AS v
  FROM (
    SELECT arrayJoin(splitByChar('\n', text)) AS line
    FROM ingest_chunk_buffer WHERE position(text, '"display_phone_number"') > 0
  )
  WHERE position(line, '"display_phone_number"') > 0
)
WHERE phone_number_id != '' AND display_phone_number != ''
GROUP BY phone_number_id, display_phone_number
