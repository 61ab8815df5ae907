-- Click-to-WhatsApp results per ad (or Page post) for the period: entry messages, how many
-- started a free entry point, how many did not (no reply within 24 h), and FEP conversations.
SELECT ad_id, anyIf(entry_point, entry_point != '') AS entry_point,
       wacost_total(sumIf(n, series != 'FEP_CONVERSATIONS')) AS entries,
       wacost_total(sumIf(n, series = 'FEP_STARTED')) AS fep_started,
       wacost_total(sumIf(n, series = 'INSIDE_FEP')) AS inside_fep,
       wacost_total(sumIf(n, series = 'NO_FEP')) AS no_fep,
       wacost_total(sumIf(n, series = 'NOT_DELIVERED')) AS not_delivered,
       wacost_total(sumIf(n, series = 'FEP_CONVERSATIONS')) AS fep_conversations,
       if(entries = 0, 0, round(fep_started / entries, 4)) AS conversion
FROM ctwa_volume(wabas = {wabas:Array(String)}, phones = {phones:Array(String)}, from = {from:Date}, to = {to:Date})
GROUP BY ad_id
HAVING entries != 0 OR fep_conversations != 0
ORDER BY entries DESC, ad_id
