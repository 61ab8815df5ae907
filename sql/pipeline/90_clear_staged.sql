-- Empties the parsed records once their group is routed.
TRUNCATE TABLE staged_records
