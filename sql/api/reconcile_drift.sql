-- Category drift: templates Meta priced in another category than the logged one
-- (CATEGORY_MISMATCH rows of view reconciliation, as kept: reconciliation_kept), per WABA, template name, logged category and
-- Meta's category (with the WABA's configured name, '' when none), for the period and WABAs /
-- phone numbers: messages, first and last local day,
-- the summed cost difference (exact decimal string; null when any of its rows has none, uncosted
-- counts them; currency null when none is known). Costliest first. Counts as wacost_total (migration
-- 703: Float64, a number in Arrow as DriftRow says, where a UInt64 is a BigInt; exact to 2^53).
SELECT d.waba_id AS waba_id, ifNull(w.name, '') AS waba_name, template_name, template_category, meta_category,
       nullIf(currency, '') AS currency, messages,
       first_day, last_day, uncosted, if(uncosted > 0, NULL, wacost_money(total)) AS cost_difference
FROM (
  SELECT waba_id, template_name, template_category, meta_category, currency,
         wacost_total(count()) AS messages, min(local_date) AS first_day, max(local_date) AS last_day,
         wacost_total(countIf(isNull(r.cost_difference))) AS uncosted, sum(ifNull(r.cost_difference, 0)) AS total
  FROM reconciliation_kept AS r
  WHERE kind = 'CATEGORY_MISMATCH'
    AND wacost_in_filter({wabas:Array(String)}, waba_id)
    AND wacost_in_filter({phones:Array(String)}, phone_number_id)
    AND local_date BETWEEN {from:Date} AND {to:Date}
  GROUP BY waba_id, template_name, template_category, meta_category, currency
) AS d
LEFT JOIN (SELECT waba_id, any(name) AS name FROM wabas GROUP BY waba_id) AS w ON w.waba_id = d.waba_id
ORDER BY uncosted > 0, total DESC, messages DESC, waba_id, template_name, meta_category
