-- Conversations per local day of the period, from the rollup: how the ledger export splits
-- itself into pages of bounded size (whole days, so each page is one range query), with the
-- ledger's phone number, market, category and country filters.
SELECT toString(local_date) AS day, toInt64(sum(conversations)) AS conversations
FROM spend_daily
WHERE wacost_in_filter({wabas:Array(String)}, waba_id) AND local_date BETWEEN {from:Date} AND {to:Date}
  AND wacost_in_filter({phones:Array(String)}, phone_number_id)
  AND wacost_in_filter({markets:Array(String)}, market) AND wacost_in_filter({categories:Array(String)}, category)
  AND wacost_in_filter({countries:Array(String)}, if(country = '', 'unknown', country))
GROUP BY local_date
HAVING conversations != 0
ORDER BY local_date
