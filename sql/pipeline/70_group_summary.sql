-- Size of the group, for the end-of-run summary and to skip the statements it has no work for:
-- per reason ('' = accepted records) the records, the status records and the first line, and
-- (total = 1) the lines read: every line has exactly one record with rec_no = 0 (records of one
-- webhook envelope count once; a line of documents over several runs or groups too: only its first
-- run numbers from 0, pipeline/10_parse). Also, of the accepted records, those the summary points out
-- without changing anything (interfaces.md says nothing against them, so they are kept as
-- given): a message id with blanks at its start or end (" wamid.A" is another id than
-- "wamid.A", so a status line may not reach the message meant), and a wa_id that cannot be an
-- international number (E.164: at most 15 digits, a country code never starts with 0), with
-- the first line of each. And lines giving a time where no WhatsApp Business traffic can be (a
-- message's, or a status's: a status line's or a message line's status_timestamp; a delivery in
-- 2099 moved its charge there with no word: break-it trial): before 2018-08-01 (Meta opened the
-- WhatsApp Business API then; a 0 or a small number given for the time reads as 1970) or more
-- than a day after the ingest: the spec accepts any instant of 1970–2099 and prices it, but one
-- such line stretches the dashboard's period over decades.
-- And, once the WABA register (wabas, from --wabas) lists at least one WABA, the WABAs of accepted
-- records it does not list (a WABA not listed uses UTC and has no name: 016_wabas), sorted, at
-- most 100 per group: the webhook receiver tells the operator of each once. Without a register
-- every WABA is unlisted alike and none is pointed out.
WITH reason = '' AND match(message_id, '^\\s|\\s$') AS blank_edged,
     reason = '' AND kind = 'message' AND (length(wa_id) > 15 OR startsWith(wa_id, '0')) AS odd_wa,
     -- (status_ts: a status line's time, else the line's status_timestamp, else its timestamp)
     least(ts, status_ts) AS earliest, greatest(ts, status_ts) AS latest,
     reason = '' AND earliest < toDateTime64('2018-08-01 00:00:00', 3, 'UTC') AS early,
     reason = '' AND latest > now64(3, 'UTC') + toIntervalDay(1) AS ahead,
     reason = '' AND waba_id != '' AND (SELECT count() FROM wabas) > 0
       AND waba_id NOT IN (SELECT waba_id FROM wabas) AS unregistered
SELECT reason, count() AS records, countIf(kind = 'status') AS statuses, min(line_no) AS first_line,
       countIf(rec_no = 0) AS lines, grouping(reason) AS total,
       countIf(blank_edged) AS blank_edged_ids, minIf(line_no, blank_edged) AS blank_edged_first,
       countIf(odd_wa) AS odd_wa_ids, minIf(line_no, odd_wa) AS odd_wa_first,
       countIf(early) AS early_dated, minIf(line_no, early) AS early_first,
       toString(minIf((line_no, earliest), early).2) AS early_at,
       countIf(ahead) AS ahead_dated, minIf(line_no, ahead) AS ahead_first,
       toString(minIf((line_no, latest), ahead).2) AS ahead_at,
       arraySort(groupUniqArrayIf(100)(waba_id, unregistered)) AS unregistered_wabas
FROM staged_records
GROUP BY GROUPING SETS ((reason), ())
