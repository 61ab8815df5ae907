-- Empties the group's earlier message ids once their group is routed.
TRUNCATE TABLE batch_old_keys
