-- mv_free_tier_monthly (434) sums each inserted block by the rollup's key itself (as 678 does for
-- mv_spend_daily_conversations: inserts are not merged as they are written).
-- derived data: unchanged (the rollups' sums stay as they are: no rebuild)
ALTER TABLE mv_free_tier_monthly MODIFY QUERY
SELECT waba_id, month, sum(toInt64(sign)) AS used
FROM free_tier WHERE startsWith(counter, 'waba:')
GROUP BY waba_id, month
HAVING used != 0
