-- Rejections of the staged batch by reason, for the end-of-run summary.
SELECT reason, count() AS lines, min(line_no) AS first_line
FROM staged_lines
WHERE kind = 'reject'
GROUP BY reason
ORDER BY lines DESC, reason
