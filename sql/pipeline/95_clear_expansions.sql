-- Empties the expanded lines once their group is routed.
TRUNCATE TABLE staged_expansions
