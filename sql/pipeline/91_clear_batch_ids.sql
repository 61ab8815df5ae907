-- Empties the group's message ids once their group is routed.
TRUNCATE TABLE batch_ids
