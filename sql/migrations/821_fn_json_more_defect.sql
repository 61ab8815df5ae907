-- derived data: unchanged (a reason's words for a refused line; nothing derived reads it)
-- More JSON defects a log line often has, in words, for pipeline/10_name_json_defects where
-- wacost_json_syntax_defect (775) finds no stray comma or bracket: a single quote where JSON takes
-- double quotes (`{'message_id':'m1'}`, a Python dict's text) and a key without quotes
-- (`{message_id:"m1"}`, JavaScript's), each with its column (characters from 1; the earlier of the
-- two), a bare word where a value goes (`True`, `None`, `undefined`), and a line cut short (a
-- string or brackets still open at its end). Such lines said "not valid JSON" alone (break-it
-- trial); with none of these the reason stays 'not valid JSON'. Strings are skipped whole, as in
-- 775: a quote or word inside one never counts. Each test is one linear regular expression over
-- the line, or over the line with its strings written "" (b); it runs only on lines already
-- refused as "not valid JSON" alone, so valid lines never pay for it.
CREATE OR REPLACE FUNCTION wacost_json_more_defect AS (line) -> (
  arrayElement(arrayMap((b, quote_at, key_at) -> arrayElement(arrayMap((word, open) -> multiIf(
      quote_at > 0 AND (key_at = 0 OR quote_at < key_at),
        concat('not valid JSON: a single quote (column ', toString(quote_at), '; JSON writes strings and keys in double quotes: "…")'),
      key_at > 0,
        arrayElement(arrayMap(k -> concat('not valid JSON: the key ', k, ' without double quotes (column ', toString(key_at),
                                          '; JSON writes keys as strings: "', k, '")'),
          [extract(line, '^(?:"(?:[^"\\\\]|\\\\.)*"|[^"])*?[{,]\\s*([A-Za-z_$][A-Za-z0-9_$]*)\\s*:')]), 1),
      word != '',
        concat('not valid JSON: ', word, ' is no JSON value (JSON has true, false and null, in lower case, numbers, and text in double quotes)'),
      position(replaceAll(b, '""', ''), '"') > 0,
        'not valid JSON: the line ends inside a string (cut short?)',
      open > 0,
        concat('not valid JSON: the line ends with ', toString(open), if(open = 1, ' bracket', ' brackets'), ' still open (cut short?)'),
      'not valid JSON'),
    -- the first bare word after `:`, `[` or `,` that is not true, false or null
    [arrayFirst(w -> w NOT IN ('true', 'false', 'null'), extractAll(b, '[:\\[,]\\s*([A-Za-z_][A-Za-z0-9_]*)'))],
    -- brackets opened and not closed by the end of the line
    [toInt64(length(extractAll(b, '[\\[{]'))) - toInt64(length(extractAll(b, '[\\]}]')))]), 1),
    [replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""')],
    -- the column of the first single quote outside a string
    [if(match(line, '^(?:"(?:[^"\\\\]|\\\\.)*"|[^"])*?'''), lengthUTF8(extract(line, '^((?:"(?:[^"\\\\]|\\\\.)*"|[^"])*?)''')) + 1, 0)],
    -- the column of the first key without quotes: a name and a colon right after `{` or `,`
    [if(match(line, '^(?:"(?:[^"\\\\]|\\\\.)*"|[^"])*?[{,]\\s*[A-Za-z_$][A-Za-z0-9_$]*\\s*:'),
        lengthUTF8(extract(line, '^((?:"(?:[^"\\\\]|\\\\.)*"|[^"])*?[{,]\\s*)[A-Za-z_$][A-Za-z0-9_$]*\\s*:')) + 1, 0)]), 1)
)
