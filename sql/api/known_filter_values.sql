-- Which of the asked phone numbers, markets and categories exist: phone numbers with data the key
-- may read, one row per WABA they have data under (its name beside it: a number asked under a WABA
-- it has no data in is said to be another WABA's, never an empty answer), markets of the rate card
-- (or OTHER), the rules' categories. Unknown ones are an error, as an unknown WABA is, never an
-- empty answer that looks like "no spend". Markets are asked upper-cased and answered as the rate
-- card spells them (a typed `in` is the market IN). all_categories: the pricing categories
-- (core/scope.ts pricingCategories, which an unknown category's error lists).
SELECT 'phone' AS kind, v.phone_number_id AS id, v.waba_id AS waba_id, any(ifNull(w.name, '')) AS waba_name
FROM (
  SELECT DISTINCT phone_number_id, waba_id FROM verdict_daily
  WHERE has({phones:Array(String)}, phone_number_id) AND wacost_in_filter({wabas:Array(String)}, waba_id)
) AS v
LEFT JOIN wabas AS w ON w.waba_id = v.waba_id
GROUP BY id, waba_id
UNION ALL
SELECT 'market' AS kind, market AS id, '' AS waba_id, '' AS waba_name FROM rate_card WHERE has({markets:Array(String)}, upper(market)) GROUP BY id
UNION ALL
SELECT 'market' AS kind, 'OTHER' AS id, '' AS waba_id, '' AS waba_name WHERE has({markets:Array(String)}, 'OTHER')
UNION ALL
SELECT 'category' AS kind, c AS id, '' AS waba_id, '' AS waba_name
FROM (SELECT arrayJoin({all_categories:Array(String)}) AS c)
WHERE has({categories:Array(String)}, c)
