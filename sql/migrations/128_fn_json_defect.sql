-- What is wrong with a line that isValidJSON refuses, in words, when it is one of the defects
-- a JSON validator reports no better than "invalid": nesting deeper than the engine's parser
-- takes (1024 levels), or a number beyond 64 bits (an id sent as a number). Strings are blanked
-- first so that brackets or digits inside them do not count. Only called on invalid lines.
CREATE OR REPLACE FUNCTION wacost_json_defect AS (line) -> (
  multiIf(
    arrayMax(arrayCumSum(arrayMap(c -> if(c IN ('[', '{'), 1, -1),
      extractAll(replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""'), '[\\[\\]{}]')))) > 1024,
      'nested too deeply (more than 1024 levels)',
    isValidJSON(replaceRegexpAll(replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""'), '-?[0-9]+([.][0-9]+)?([eE][-+]?[0-9]+)?', '0')),
      concat('number too large for an id (beyond 64 bits): ',
        extract(replaceRegexpAll(line, '"(?:[^"\\\\]|\\\\.)*"', '""'), '-?[0-9]{20,}|-?[0-9]+(?:[.][0-9]+)?[eE][-+]?[0-9]{3,}'),
        ' (send ids as strings)'),
    'not valid JSON')
)
