-- What is wrong with a line that isValidJSON refuses, in words (replaces migration 128's): also a
-- control character (U+0000 to U+001F) written raw inside a string, which JSON forbids (a tab, a
-- NUL). Blanking the strings hid it, and the line was reported as "number too large for an id"
-- with no number (break-it trial); that reason is now given only when such a number is found.
CREATE OR REPLACE FUNCTION wacost_json_defect AS (line) -> (
  multiIf(
    arrayMax(arrayCumSum(arrayMap(c -> if(c IN ('[', '{'), 1, -1),
      extractAll(replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""'), '[\\[\\]{}]')))) > 1024,
      'nested too deeply (more than 1024 levels)',
    arrayExists(s -> match(s, '[\\x00-\\x1f]'), extractAll(line, '"(?:[^"\\\\]|\\\\.)*"')),
      'a control character (a tab, a line break, NUL …) written raw inside a string: write it escaped (\\t, \\n, \\u0000)',
    notEmpty(extract(replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""'), '-?[0-9]{20,}|-?[0-9]+(?:[.][0-9]+)?[eE][-+]?[0-9]{3,}'))
      AND isValidJSON(replaceRegexpAll(replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""'), '-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?', '0')),
      concat('number too large for an id (beyond 64 bits): ',
        extract(replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""'), '-?[0-9]{20,}|-?[0-9]+(?:[.][0-9]+)?[eE][-+]?[0-9]{3,}'),
        ' (send ids as strings)'),
    'not valid JSON')
)
