-- Learns each business phone number's display number from the webhooks' value objects
-- (entry[].changes[].value: {"metadata": {"display_phone_number": …, "phone_number_id": …},
-- "messages"/"statuses": [{"timestamp": …}]}) in the group's lines, whatever shape holds them
-- (envelope, bare value, JSON array of either): each spelling with the time of its latest webhook,
-- a value object's greatest message or status timestamp (1970 when it holds none or none parses).
-- webhook_display_numbers keeps each spelling's latest time and the view phone_number_labels shows
-- the latest spelling, ties by the greater one: the same number whatever the order of lines,
-- batches or merges. Runs before the runs are cleared; lines without metadata cost one search.
INSERT INTO webhook_display_numbers (phone_number_id, display_phone_number, seen_ts)
SELECT JSONExtractString(v, 'metadata', 'phone_number_id') AS phone_number_id,
       JSONExtractString(v, 'metadata', 'display_phone_number') AS display_phone_number,
       max(arrayMax(arrayMap(r -> ifNull(wacost_parse_ts(JSONExtract(r, 'timestamp', 'Nullable(String)')), toDateTime64(0, 3, 'UTC')),
                             arrayConcat([''], JSONExtractArrayRaw(v, 'messages'), JSONExtractArrayRaw(v, 'statuses'))))) AS seen_ts
FROM (
  SELECT arrayJoin(arrayFlatten(arrayMap(d ->
           -- an envelope holds its value objects in entry[].changes[]; anything else is one
           if(JSONExtractString(d, 'object') = 'whatsapp_business_account',
              arrayFlatten(arrayMap(e -> arrayMap(c -> JSONExtractRaw(c, 'value'), JSONExtractArrayRaw(e, 'changes')),
                                    JSONExtractArrayRaw(d, 'entry'))),
              [d]),
           if(JSONType(line) = 'Array', JSONExtractArrayRaw(line), [line])))) AS v
  FROM (
    SELECT arrayJoin(splitByChar('\n', text)) AS line
    FROM ingest_chunk_buffer WHERE position(text, '"display_phone_number"') > 0
  )
  WHERE position(line, '"display_phone_number"') > 0 AND isValidJSON(line)
)
WHERE phone_number_id != '' AND display_phone_number != ''
GROUP BY phone_number_id, display_phone_number
