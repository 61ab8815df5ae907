-- Empties the group's customer numbers and countries once their group is routed.
TRUNCATE TABLE batch_wa_countries
