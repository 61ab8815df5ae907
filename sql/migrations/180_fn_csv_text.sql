-- Neutralizes a text cell of a finance export against CSV formula injection, as OWASP
-- recommends: a value starting with =, +, -, @, tab or carriage return (what a spreadsheet
-- would evaluate, e.g. a message id `=HYPERLINK(…)` from a log) gets a leading single quote, so
-- it is shown as text. For text columns only: counts and decimal amounts are written as they are.
CREATE OR REPLACE FUNCTION wacost_csv_text AS (s) -> (
  if(s != '' AND position('=+-@\t\r', substring(s, 1, 1)) > 0, concat('''', s), s)
)
