-- Size of the group, for the end-of-run summary and to skip the statements it has no work for:
-- per reason ('' = accepted records) the records, the status records and the first line, and
-- (total = 1) the lines read: every line has exactly one record with rec_no = 0 (records of one
-- webhook envelope count once).
SELECT reason, count() AS records, countIf(kind = 'status') AS statuses, min(line_no) AS first_line,
       countIf(rec_no = 0) AS lines, grouping(reason) AS total
FROM staged_records
GROUP BY GROUPING SETS ((reason), ())
