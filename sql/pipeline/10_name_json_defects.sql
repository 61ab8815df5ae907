-- A line refused as "not valid JSON" alone gets its defect in words with its column where it is a
-- stray comma or bracket (wacost_json_syntax_defect, migrations 775 and 856: `[{…},,{…}]`, `[{…},]`, `{…},`,
-- `[…] ]`; the break-it trial was told "not valid JSON" and no more). Such a record's raw is its
-- whole line (pipeline/10_parse). A statement of its own, run only for a group that has one
-- (pipeline/10_not_valid_json): planning the function is ~60 ms, in 10_parse paid by every group
-- and every webhook micro-batch.
-- Where it finds none, a single quote, a key without quotes, a bare word or a line cut short
-- (wacost_json_more_defect, migration 821). Where that finds none either, a line that starts with
-- a `}` or `]` (a lone `]` after the records, a file cut after its start), with a key and its value
-- (a pretty-printed document after lines of one record each), or with text (`hello world`): they
-- too said "not valid JSON" alone (break-it trial). A webhook delivery's body ({webhooks} = 1) is
-- no line: more after its JSON object is said of the delivery, and these last words, of lines, are not given.
ALTER TABLE staged_records UPDATE reason = arrayElement(arrayMap(m -> if(m != 'not valid JSON', m, multiIf(
      {webhooks:UInt8} = 1, 'not valid JSON',
      match(raw, '^\\s*[\\]}]'),
        arrayElement(arrayMap(c -> concat('not valid JSON: a `', c, '` that closes no ', if(c = '}', 'object', 'array'),
            ' (column ', toString(lengthUTF8(extract(raw, '^(\\s*)')) + 1),
            '; a line holds one whole record, {…}, or one whole array of records, [{…}, …]: remove it, or put its record on one line)'),
          [extract(raw, '^\\s*(.)')]), 1),
      match(raw, '^\\s*"(?:[^"\\\\]|\\\\.)*"\\s*:'),
        'not valid JSON: a key and its value without the record around them (a record spread over several lines, pretty-printed, among lines of one record each): put each record on one line',
      match(raw, '^\\s*[A-Za-z_]'),
        concat('not valid JSON: the line is text, not JSON (it starts with `', extract(raw, '^\\s*([A-Za-z_][A-Za-z0-9_]*)'), '`',
               '; a line holds one record as a JSON object, {"message_id": "…", …}, or an array of them)'),
      'not valid JSON')),
    [arrayElement(arrayMap(r -> if(r = 'not valid JSON', wacost_json_more_defect(raw), r), [wacost_json_syntax_defect(raw, if({webhooks:UInt8} = 1, 'delivery', 'line'))]), 1)]), 1)
  WHERE kind = 'reject' AND reason = 'not valid JSON'
