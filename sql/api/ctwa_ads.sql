-- Click-to-WhatsApp results per ad (or Page post) for the period: entry messages, how many
-- started a free entry point, how many did not (no reply within 24 h), how many still await a
-- reply (came less than 24 h ago: view ctwa_volume, migration 716), and FEP conversations.
-- conversion: started / entries decided (null while every entry awaits its reply).
SELECT ad_id, anyIf(entry_point, entry_point != '') AS entry_point,
       wacost_total(sumIf(n, series != 'FEP_CONVERSATIONS')) AS entries,
       wacost_total(sumIf(n, series = 'FEP_STARTED')) AS fep_started,
       wacost_total(sumIf(n, series = 'INSIDE_FEP')) AS inside_fep,
       wacost_total(sumIf(n, series = 'AWAITING_REPLY')) AS awaiting_reply,
       wacost_total(sumIf(n, series = 'NO_FEP')) AS no_fep,
       wacost_total(sumIf(n, series = 'NOT_DELIVERED')) AS not_delivered,
       wacost_total(sumIf(n, series = 'FEP_CONVERSATIONS')) AS fep_conversations,
       if(entries - awaiting_reply = 0, NULL, round(fep_started / (entries - awaiting_reply), 4)) AS conversion
FROM ctwa_volume(wabas = {wabas:Array(String)}, phones = {phones:Array(String)}, from = {from:Date}, to = {to:Date})
GROUP BY ad_id
HAVING entries != 0 OR fep_conversations != 0
ORDER BY entries DESC, ad_id
