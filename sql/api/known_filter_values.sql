-- Which of the asked phone numbers, markets and categories exist: phone numbers with data the key
-- may read, markets of the rate card (or OTHER), the rules' categories. Unknown ones are an error,
-- as an unknown WABA is, never an empty answer that looks like "no spend". Markets are asked
-- upper-cased and answered as the rate card spells them (a typed `in` is the market IN).
SELECT 'phone' AS kind, phone_number_id AS id FROM verdict_daily
WHERE has({phones:Array(String)}, phone_number_id) AND wacost_in_filter({wabas:Array(String)}, waba_id)
GROUP BY id
UNION ALL
SELECT 'market' AS kind, market AS id FROM rate_card WHERE has({markets:Array(String)}, upper(market)) GROUP BY id
UNION ALL
SELECT 'market' AS kind, 'OTHER' AS id WHERE has({markets:Array(String)}, 'OTHER')
UNION ALL
SELECT 'category' AS kind, c AS id
FROM (SELECT arrayJoin(['SERVICE', 'MARKETING', 'UTILITY', 'AUTHENTICATION', 'AUTHENTICATION_INTERNATIONAL', 'FREE_ENTRY_POINT']) AS c)
WHERE has({categories:Array(String)}, c)
