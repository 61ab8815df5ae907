-- Size of the group for the end-of-run summary: per reason ('' = accepted records) the records
-- and the first line, and (total = 1) the lines read: every line has exactly one record with
-- rec_no = 0 (records of one webhook envelope count once).
SELECT reason, count() AS records, min(line_no) AS first_line, countIf(rec_no = 0) AS lines, grouping(reason) AS total
FROM staged_records
GROUP BY GROUPING SETS ((reason), ())
