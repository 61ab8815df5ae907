-- Expands the lines of the group that hold several records (a webhook envelope, a JSON array of
-- documents, a webhook value object given its WABA with --waba {waba}) into their records, as
-- wacost_array_records reads them, with what is wrong with the line as a whole; a webhook value
-- object without its WABA is listed too (pipeline/10_parse refuses it, saying so). Only lines
-- that may be one are looked at (wacost_may_hold_records, per line); pipeline/10_parse
-- joins the rows by line number and first_rec: a line of JSON documents carried by several runs
-- of the group is there once per run (ingest/documents.ts), each part with the place in the line
-- of its first record (ingest_chunk_buffer.first_rec, for a run's first line; joined by line
-- number alone, each part took every part's records: a line over 2 runs read as 4 lines, its
-- records twice).
-- Run only for a group that may hold such a line.
INSERT INTO staged_expansions (line_no, first_rec, doc_array, bare_value, multi, records, line_defect)
SELECT line_no, rec_base, doc_array, bare_value, multi, records, line_defect
FROM (
  SELECT first_line + n - 1 AS line_no, if(n = 1, first_rec, 0) AS rec_base, trimRight(raw_line, '\r') AS line,
    isValidUTF8(line) AND isValidJSON(line) AS valid,
    JSONExtract(if(valid, line, ''), 'Tuple(object Nullable(String), message_id Nullable(String))') AS jo,
    valid AND jo.object = 'whatsapp_business_account' AS envelope,
    -- an array holding an object or an array is a list of documents, each element a record of its
    -- own (one that is no object is refused alone, as in a pretty-printed array: an array inside
    -- refused the whole line here, and was read as documents there: break-it trial); an array of
    -- other values only (["an","array"]) is one (refused) record
    if(valid AND (startsWith(line, '[') OR (startsWith(line, ' ') AND startsWith(trimLeft(line), '['))),
       JSONExtractArrayRaw(line), []) AS docs,
    arrayExists(d -> startsWith(d, '{') OR startsWith(d, '['), docs) AS doc_array,
    valid AND jo.message_id IS NULL AND jo.object IS NULL
      AND JSONExtractString(line, 'messaging_product') = 'whatsapp' AND JSONHas(line, 'metadata') AS bare_value,
    envelope OR doc_array OR (bare_value AND {waba:String} != '') AS multi,
    -- one expansion of the webhook functions for every shape (an envelope, a bare value given
    -- --waba, or an array of documents, each read as wacost_array_records reads its
    -- elements): each place they were written was planned again, and planning this
    -- statement costs more than running it on a webhook micro-batch
    if(multi, wacost_array_records(if(doc_array, docs, [line]), {waba:String}), []) AS records,
    -- what is wrong with a webhook delivery as a whole (its envelope, entries, changes, value:
    -- a key given twice, a part of another JSON type than Meta sends), for each of its records
    -- (walked only where it may be wrong: where no record came, or its text is suspect)
    multiIf(envelope, if(empty(records) OR wacost_delivery_suspect(line), wacost_envelope_defect(line), ''),
            doc_array, arrayFirst(x -> x != '', arrayMap(d -> if(JSONExtractString(d, 'object') = 'whatsapp_business_account', wacost_envelope_defect(d), ''), docs)),
            multi, wacost_value_defect(line), '') AS line_defect
  FROM ingest_chunk_buffer
  ARRAY JOIN splitByChar('\n', text) AS raw_line, arrayEnumerate(splitByChar('\n', text)) AS n
  WHERE wacost_may_hold_records(raw_line)
)
WHERE doc_array OR bare_value OR multi
-- (as pipeline/10_parse: merging the levels' expressions and chaining comparisons only add planning)
SETTINGS query_plan_merge_expressions = 0, optimize_and_compare_chain = 0
