-- What is wrong with a line that isValidJSON refuses, in words (replaces migration 530's): a
-- number beyond 64 bits is named with its field and what that field expects
-- (wacost_number_defect, 621). The line is cut into tokens for it (a key with its colon, a
-- string, a number), so digits inside a string never count (nor the fraction digits of a number).
-- derived data: unchanged (nothing already derived reads differently: no rebuild)
CREATE OR REPLACE FUNCTION wacost_json_defect AS (line) -> (
  multiIf(
    arrayMax(arrayCumSum(arrayMap(c -> if(c IN ('[', '{'), 1, -1),
      extractAll(replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""'), '[\\[\\]{}]')))) > 1024,
      'nested too deeply (more than 1024 levels)',
    arrayExists(s -> match(s, '[\\x00-\\x1f]'), extractAll(line, '"(?:[^"\\\\]|\\\\.)*"')),
      'a control character (a tab, a line break, NUL …) written raw inside a string: write it escaped (\\t, \\n, \\u0000)',
    arrayExists(t -> match(t, '^-?[0-9]{20,}|^-?[0-9]+(?:[.][0-9]+)?[eE][-+]?[0-9]{3,}$'),
                extractAll(line, '"(?:[^"\\\\]|\\\\.)*"\\s*:|"(?:[^"\\\\]|\\\\.)*"|-?[0-9]+(?:[.][0-9]+)?(?:[eE][-+]?[0-9]+)?'))
      AND isValidJSON(replaceRegexpAll(replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""'), '-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?', '0')),
      arrayMap(tok -> wacost_number_defect(tok, arrayFirstIndex(t -> match(t, '^-?[0-9]{20,}|^-?[0-9]+(?:[.][0-9]+)?[eE][-+]?[0-9]{3,}$'), tok)),
        [extractAll(line, '"(?:[^"\\\\]|\\\\.)*"\\s*:|"(?:[^"\\\\]|\\\\.)*"|-?[0-9]+(?:[.][0-9]+)?(?:[eE][-+]?[0-9]+)?')])[1],
    'not valid JSON')
)
