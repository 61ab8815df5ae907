-- Size of the group, for the end-of-run summary and to skip the statements it has no work for:
-- per reason ('' = accepted records) the records, the status records and the first line, and
-- (total = 1) the lines read: every line has exactly one record with rec_no = 0 (records of one
-- webhook envelope count once). Also, of the accepted records, those the summary points out
-- without changing anything (interfaces.md says nothing against them, so they are kept as
-- given): a message id with blanks at its start or end (" wamid.A" is another id than
-- "wamid.A", so a status line may not reach the message meant), and a wa_id that cannot be an
-- international number (E.164: at most 15 digits, a country code never starts with 0), with
-- the first line of each.
WITH reason = '' AND match(message_id, '^\\s|\\s$') AS blank_edged,
     reason = '' AND kind = 'message' AND (length(wa_id) > 15 OR startsWith(wa_id, '0')) AS odd_wa
SELECT reason, count() AS records, countIf(kind = 'status') AS statuses, min(line_no) AS first_line,
       countIf(rec_no = 0) AS lines, grouping(reason) AS total,
       countIf(blank_edged) AS blank_edged_ids, minIf(line_no, blank_edged) AS blank_edged_first,
       countIf(odd_wa) AS odd_wa_ids, minIf(line_no, odd_wa) AS odd_wa_first
FROM staged_records
GROUP BY GROUPING SETS ((reason), ())
