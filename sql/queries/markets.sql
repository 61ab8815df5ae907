-- The markets a filter may name (`wacost export --market`, as sql/api/known_filter_values knows
-- them): the rate card's, then OTHER; and for each asked value that is a country code the market
-- map puts in a market group, that group ({asked}), so an unknown market's error lists what exists
-- and says where a country is priced (`--market US` where the rate card names North America).
SELECT 'market' AS kind, market AS id, '' AS country FROM rate_card GROUP BY market
UNION ALL
SELECT 'market' AS kind, 'OTHER' AS id, '' AS country
UNION ALL
SELECT 'group' AS kind, any(market) AS id, country FROM market_map
WHERE has({asked:Array(String)}, upper(country)) GROUP BY country
