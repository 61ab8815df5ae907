-- Click-to-WhatsApp volume per local day and ad: FEP_CONVERSATIONS and the entry-message
-- outcomes FEP_STARTED, INSIDE_FEP, AWAITING_REPLY (less than 24 h ago: no reply yet), NO_FEP,
-- NOT_DELIVERED (view ctwa_volume, migrations 059, 716).
SELECT toDateTime64(local_date, 3, 'UTC') AS day, ad_id, series, wacost_total(sum(n)) AS count
FROM ctwa_volume(wabas = {wabas:Array(String)}, phones = {phones:Array(String)}, from = {from:Date}, to = {to:Date})
GROUP BY local_date, ad_id, series
HAVING count != 0
ORDER BY day, ad_id, series
