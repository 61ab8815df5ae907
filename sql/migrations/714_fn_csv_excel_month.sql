-- derived data: unchanged (a function of the exports' text; nothing derived reads it)
-- wacost_csv_excel (713) also keeps a month as its text: Excel reads a cell "2024-08" (the invoice
-- export's `month`) as the date 1 Aug 2024 and shows "Aug-24", which writes back as a day, not
-- the month (fresh-user trial). Written ="2024-08" like a long id; full days (2024-08-01) stay as
-- they are, a date Excel reads as that date.
CREATE OR REPLACE FUNCTION wacost_csv_excel AS (s) -> (
  if(match(s, '^([0-9]{12,}|0[0-9]+|[0-9]{4}-[0-9]{2})$'), concat('="', s, '"'), wacost_csv_text(s))
)
