-- Size of the staged batch: lines read (records of one webhook envelope count once), accepted
-- records and rejected lines.
SELECT uniqExact(line_no) AS lines,
       countIf(kind != 'reject') AS accepted,
       countIf(kind = 'reject') AS rejected
FROM staged_lines
