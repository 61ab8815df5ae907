-- A text cell of a finance export written "for Excel" (API `excel=true`, `wacost export --excel`, the dashboard's *For Excel*): an id of
-- digits only that a spreadsheet would turn into a number and lose — 12 digits or more (Excel
-- shows 1.04729E+14 for a WABA id and writes that back on save) or a leading 0 (dropped) — is
-- written as the formula ="…", which Excel shows as that text, every digit kept
-- (finance trial: waba_id, phone_number_id and wa_id read 1.04729E+14). Only digits go inside the
-- quotes, so no value from a log can make a formula of its own; every other cell goes through
-- wacost_csv_text (migration 180) as in every CSV. core/db/sql.ts streamCsv applies it.
CREATE OR REPLACE FUNCTION wacost_csv_excel AS (s) -> (
  if(match(s, '^([0-9]{12,}|0[0-9]+)$'), concat('="', s, '"'), wacost_csv_text(s))
)
