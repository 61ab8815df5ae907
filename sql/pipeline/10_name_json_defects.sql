-- A line refused as "not valid JSON" alone gets its defect in words with its column where it is a
-- stray comma or bracket (wacost_json_syntax_defect, migration 775: `[{…},,{…}]`, `[{…},]`, `{…},`,
-- `[…] ]`; the break-it trial was told "not valid JSON" and no more). Such a record's raw is its
-- whole line (pipeline/10_parse). A statement of its own, run only for a group that has one
-- (pipeline/10_not_valid_json): planning the function is ~60 ms, in 10_parse paid by every group
-- and every webhook micro-batch.
-- Where it finds none, a single quote, a key without quotes, a bare word or a line cut short
-- (wacost_json_more_defect, migration 821).
ALTER TABLE staged_records UPDATE reason = arrayElement(arrayMap(r -> if(r = 'not valid JSON', wacost_json_more_defect(raw), r),
    [wacost_json_syntax_defect(raw)]), 1)
  WHERE kind = 'reject' AND reason = 'not valid JSON'
