-- derived data: unchanged (a reason's words for a refused line; nothing derived reads it)
-- wacost_json_syntax_defect (migration 775) with the unit its text is (`unit`): 'line', a line of a
-- log (its words as before), or 'delivery', a webhook delivery's body (pipeline/10_name_json_defects
-- given {webhooks} = 1). A delivery holding two documents (`{…}{…}`, or one after another on two
-- lines, which the receiver makes one line) was refused as "`{` after the end of the line's JSON
-- object (…; a line holds one JSON value: a record, or an array of records)": a delivery is no
-- line of a log (break-it trial). Its other words (a comma with no value before it, a comma before a
-- closing bracket) name no unit and are unchanged. Every caller passes the unit.
CREATE OR REPLACE FUNCTION wacost_json_syntax_defect AS (line, unit) -> (
  arrayElement(arrayMap((empty_at, trailing_at, after) -> multiIf(
      empty_at > 0 AND (trailing_at = 0 OR empty_at < trailing_at) AND (after.1 = 0 OR empty_at < after.1),
        concat('not valid JSON: a comma with no value before it (column ', toString(empty_at), '; JSON has no empty elements)'),
      trailing_at > 0 AND (after.1 = 0 OR trailing_at < after.1),
        concat('not valid JSON: a comma before the closing `', extract(line, '^(?:"(?:[^"\\\\]|\\\\.)*"|[^"])*?,\\s*([\\]}])'), '` (column ', toString(trailing_at),
               '; JSON allows no comma after the last element)'),
      after.1 > 0,
        if(unit = 'delivery',
          concat('not valid JSON: `', after.2, '` after the end of the delivery''s JSON ', if(match(line, '^\\s*\\['), 'array', 'object'),
                 ' (column ', toString(after.1), '; a delivery holds one JSON object, {"object": "whatsapp_business_account", "entry": [...]}: ',
                 'send each as a delivery of its own)'),
          concat('not valid JSON: `', after.2, '` after the end of the line''s JSON ', if(match(line, '^\\s*\\['), 'array', 'object'),
                 ' (column ', toString(after.1), '; a line holds one JSON value: a record, or an array of records)')),
      'not valid JSON'),
    -- a comma right after `[`, `{` or another comma: the column of that comma
    [if(match(line, '^(?:"(?:[^"\\\\]|\\\\.)*"|[^"])*?[\\[{,]\\s*,'),
        lengthUTF8(extract(line, '^((?:"(?:[^"\\\\]|\\\\.)*"|[^"])*?[\\[{,]\\s*),')) + 1, 0)],
    -- a comma right before `]` or `}`: its column
    [if(match(line, '^(?:"(?:[^"\\\\]|\\\\.)*"|[^"])*?,\\s*[\\]}]'),
        lengthUTF8(extract(line, '^((?:"(?:[^"\\\\]|\\\\.)*"|[^"])*?),\\s*[\\]}]')) + 1, 0)],
    -- what follows the bracket that closes the line's first `[` or `{` (depth back to 0): its
    -- column and its first character (written as in a JSON string: a NUL as \u0000), or (0, '')
    [arrayElement(arrayMap(b -> arrayElement(arrayMap(k -> arrayElement(arrayMap(at_b -> arrayElement(arrayMap(rest -> arrayElement(arrayMap(junk ->
          if(k = 0 OR junk = '' OR NOT match(b, '^\\s*[\\[{]'), (toUInt64(0), ''),
             (toUInt64(at_b + arraySum(arrayMap(s -> lengthUTF8(s) - 2,
                  arraySlice(extractAll(line, '"(?:[^"\\\\]|\\\\.)*"'), 1, countSubstrings(substringUTF8(b, 1, at_b), '""'))))
                + lengthUTF8(rest) - lengthUTF8(junk) + 1),
              arrayElement(arrayMap(q -> substring(q, 2, length(q) - 2), [toJSONString(leftUTF8(junk, 1))]), 1))),
        [replaceRegexpOne(rest, '^\\s+', '')]), 1),
        [substringUTF8(b, at_b + 1)]), 1),
        -- the characters of b up to that bracket
        [arraySum(arraySlice(arrayMap(t -> lengthUTF8(t), extractAll(b, '[^\\[\\]{}]*[\\[\\]{}]')), 1, k))]), 1),
        [indexOf(arrayCumSum(arrayMap(c -> if(c IN ('[', '{'), 1, -1), extractAll(b, '[\\[\\]{}]'))), 0)]), 1),
      [replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""')]), 1)]), 1)
)
