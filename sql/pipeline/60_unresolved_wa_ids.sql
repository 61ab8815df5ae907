-- Customer numbers of the staged batch whose country has not been resolved yet.
SELECT DISTINCT wa_id
FROM staged_lines
WHERE kind = 'message'
  AND wa_id NOT IN (
    SELECT wa_id FROM wa_countries
    WHERE wa_id IN (SELECT wa_id FROM staged_lines WHERE kind = 'message'))
