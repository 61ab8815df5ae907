-- Click-to-WhatsApp volume for the filter bar (a parameterized view, so the per-day and per-ad
-- dashboard queries read one definition): free entry point conversations (fep_daily, series
-- FEP_CONVERSATIONS, dated by the conversation's start) and entry messages by outcome
-- (entry_daily), for the WABAs, phone numbers and local days asked.
CREATE OR REPLACE VIEW ctwa_volume AS
SELECT local_date, ad_id, '' AS entry_point, 'FEP_CONVERSATIONS' AS series, conversations AS n
FROM fep_daily
WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
  AND wacost_in_filter({phones:Array(String)}, phone_number_id)
  AND local_date BETWEEN {from:Date} AND {to:Date}
UNION ALL
SELECT local_date, ad_id, entry_point, outcome AS series, messages AS n
FROM entry_daily
WHERE wacost_in_filter({wabas:Array(String)}, waba_id)
  AND wacost_in_filter({phones:Array(String)}, phone_number_id)
  AND local_date BETWEEN {from:Date} AND {to:Date}
