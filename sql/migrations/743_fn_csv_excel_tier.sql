-- derived data: unchanged (a function of the exports' text; nothing derived reads it)
-- wacost_csv_excel (714) also keeps a volume tier as its text: a spreadsheet reads the ledger's
-- and invoice's `tier` "0:100000" as the time 574:24:00 and "3:7" as 03:07 (fresh-user trial,
-- LibreOffice; Excel reads h:mm text as a time too). Written ="0:100000" like a long id or a
-- month; "100001:MAX" (no time) stays as it is.
CREATE OR REPLACE FUNCTION wacost_csv_excel AS (s) -> (
  if(match(s, '^([0-9]{12,}|0[0-9]+|[0-9]{4}-[0-9]{2}|[0-9]+:[0-9]+)$'), concat('="', s, '"'), wacost_csv_text(s))
)
