-- mv_fep_daily (045) sums each inserted block by the rollup's key itself (as 678 does for
-- mv_spend_daily_conversations: inserts are not merged as they are written).
-- derived data: unchanged (the rollups' sums stay as they are: no rebuild)
ALTER TABLE mv_fep_daily MODIFY QUERY
SELECT waba_id, local_date, phone_number_id, ad_id, sum(toInt64(sign)) AS conversations
FROM conversation_changes WHERE category = 'FREE_ENTRY_POINT'
GROUP BY waba_id, local_date, phone_number_id, ad_id
HAVING conversations != 0
