-- mv_verdict_daily (578) sums each inserted block by the rollup's key itself (as 678 does for
-- mv_spend_daily_conversations: inserts are not merged as they are written; verdict_daily kept a
-- row per verdict change until a merge).
-- derived data: unchanged (the rollups' sums stay as they are: no rebuild)
ALTER TABLE mv_verdict_daily MODIFY QUERY
SELECT waba_id, local_date, phone_number_id, verdict, template_category, sum(toInt64(sign)) AS messages
FROM verdicts
GROUP BY waba_id, local_date, phone_number_id, verdict, template_category
HAVING messages != 0
