-- The words an NDJSON line gets for its JSON defect (10_parse's wacost_json_defect, then
-- 10_name_json_defects' wacost_json_syntax_defect and wacost_json_more_defect), for the JSON
-- documents ingest/documents.ts refused ({texts}: each one's text up to the end of its defect's
-- line, or whole when cut short); 'not valid JSON' where none names it. A column in them counts
-- characters from the text's start, its line breaks included (ingest/document-defects.ts places
-- it at its line and column). One row, the words in the order of {texts}.
SELECT arrayMap(t -> arrayElement(arrayMap(d -> if(d != 'not valid JSON', d,
    arrayElement(arrayMap(s -> if(s != 'not valid JSON', s, wacost_json_more_defect(t)), [wacost_json_syntax_defect(t, 'line')]), 1)),
  [wacost_json_defect(t)]), 1), {texts:Array(String)}) AS words
