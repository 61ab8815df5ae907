-- The reconciliation's discrepancies (view reconciliation as kept: reconciliation_kept, docs/reconcile.md) of the period (the
-- local day of the message, in its WABA's zone) and WABAs / phone numbers ({wabas}, {phones};
-- empty = all), one row per discrepancy and kind. Costs as exact decimal strings; null when not
-- computable (never 0); currency null where none applies (a split: the view writes ''); derived_charges
-- whether the rules charge the message itself, whatever the row's kind.
-- {latest} > 0: only the last {latest} rows of that order (the dashboard lists the latest ten; it
-- read every discrepancy of the period on each refresh); 0: every row (Int64's maximum stands for
-- no limit; a negative LIMIT keeps the last rows).
SELECT kind, level, waba_id, phone_number_id, wa_id, local_date, event_at, message_id, template_name, template_category,
       verdict, conversation_id, conversation_category, derived_pricing_type, derived_conversations,
       meta_pricing_model, meta_billable, meta_category, meta_type, meta_conversation_id, meta_origin_type,
       if(meta_cost IS NULL, NULL, wacost_money(assumeNotNull(meta_cost))) AS meta_cost,
       if(derived_cost IS NULL, NULL, wacost_money(assumeNotNull(derived_cost))) AS derived_cost,
       if(cost_difference IS NULL, NULL, wacost_money(assumeNotNull(cost_difference))) AS cost_difference,
       nullIf(currency, '') AS currency,
       -- 1 where the rules charge this message (docs/reconcile.md): it opened a paid (REGULAR) conversation,
       -- or per-message pricing charged it (CHARGED); the panel words it as is (web/src/panels/rules-words.ts)
       toUInt8(verdict = 'CHARGED' OR (verdict = 'OPENED' AND derived_pricing_type = 'REGULAR')) AS derived_charges
FROM reconciliation_kept
WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
  AND wacost_in_filter({phones:Array(String)}, phone_number_id)
  AND local_date BETWEEN {from:Date} AND {to:Date}
-- in the order the messages were sent (a day's rows by WABA and customer made the "latest ten"
-- the last customers of the last day, not the latest discrepancies: fresh-user trial)
ORDER BY local_date, event_at, message_id, kind, waba_id, phone_number_id, wa_id
LIMIT if({latest:UInt32} = 0, 9223372036854775807, -toInt64({latest:UInt32}))
