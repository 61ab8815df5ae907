-- Conversations per local day of the period, from the rollup: how the ledger export splits
-- itself into pages of bounded size (whole days, so each page is one range query), with the
-- ledger's phone number, market, category and country filters.
SELECT toString(local_date) AS day, toInt64(sum(conversations)) AS conversations
FROM spend_daily
WHERE wacost_in_charge_filter({wabas:Array(String)}, {phones:Array(String)}, {markets:Array(String)}, {categories:Array(String)},
                              {countries:Array(String)}, waba_id, phone_number_id, market, category, country)
  AND local_date BETWEEN {from:Date} AND {to:Date}
GROUP BY local_date
HAVING conversations != 0
ORDER BY local_date
