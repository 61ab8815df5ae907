-- How many rows the tail cache holds (key_tail_input), for core/derive.ts to prune it.
SELECT count() AS n FROM key_tail_input
