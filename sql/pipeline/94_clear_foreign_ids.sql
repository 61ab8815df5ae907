-- Empties the group's message ids stored under other WABAs once their group is routed.
TRUNCATE TABLE batch_foreign_ids
