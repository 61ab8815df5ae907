-- Neutralizes a text cell of a CSV for spreadsheets against formula injection, as OWASP
-- recommends: a value starting with =, +, -, @, tab or carriage return (what a spreadsheet
-- would evaluate, e.g. a message id `=HYPERLINK(…)` from a log) gets a leading single quote, so
-- it is shown as text. A plain decimal number (`-5`, `+1.25`) is left as it is: a spreadsheet
-- reads it as that number and nothing else. Applied to the text columns of every CSV answer
-- (core/db/sql.ts streamCsv); other types never pass through it.
CREATE OR REPLACE FUNCTION wacost_csv_text AS (s) -> (
  if(s != '' AND position('=+-@\t\r', substring(s, 1, 1)) > 0 AND NOT match(s, '^[+-]?[0-9]+([.][0-9]+)?$'), concat('''', s), s)
)
