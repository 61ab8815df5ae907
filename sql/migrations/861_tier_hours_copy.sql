-- Fills tier_hours (859) with the charges stored before it existed: what each hour of
-- tiered_charges sums to, less what tier_hours holds for it already, so a run again after a
-- crash half-way (or after 860 fed it) adds only what is missing. Nothing is derived while
-- migrations run. ~0.3 s for 985k charges (10M messages stored).
-- derived data: unchanged (a rollup of tiered_charges; derive/50_volume_tiers counts the same)
INSERT INTO tier_hours (waba_id, market, category, month, hour, n)
SELECT c.waba_id, c.market, c.category, c.month, c.hour, c.n - ifNull(t.n, 0)
FROM (SELECT waba_id, market, category, month, toStartOfHour(opened_at) AS hour, sum(toInt64(sign)) AS n
      FROM tiered_charges GROUP BY waba_id, market, category, month, hour) AS c
LEFT JOIN (SELECT waba_id, market, category, month, hour, sum(n) AS n
           FROM tier_hours GROUP BY waba_id, market, category, month, hour) AS t
  ON t.waba_id = c.waba_id AND t.market = c.market AND t.category = c.category AND t.month = c.month AND t.hour = c.hour
WHERE c.n != ifNull(t.n, 0)
