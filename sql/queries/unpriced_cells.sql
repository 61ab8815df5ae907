-- How many (market, category, local day) cells of the spend rollup hold charged conversations with
-- no price (view unpriced_daily: the same test as unpriced_conversations, on spend_daily, where
-- free-tier ones are already FREE_TIER; test/unpriced.test.ts checks both agree). The run report
-- reads the conversations themselves (queries/unpriced) only when there is one: a rollup of a few
-- thousand rows instead of every stored conversation after every batch (~0.7 s with 10M messages).
SELECT count() AS cells
FROM (SELECT market, category, local_date FROM unpriced_daily GROUP BY market, category, local_date HAVING sum(conversations) != 0)
