-- The market names stored in the rate card (table rate_card) or the market map (market_map), to
-- check one against the other when only one of them is loaded.
SELECT DISTINCT market FROM {table:Identifier} ORDER BY market
