-- Rollup: free entry point conversations per local day, WABA, phone number and ad id (the
-- click-to-WhatsApp volume managers watch).
CREATE TABLE IF NOT EXISTS fep_daily (
  waba_id String,
  local_date Date,
  phone_number_id String,
  ad_id String,
  conversations Int64
) ENGINE = SummingMergeTree(conversations) ORDER BY (waba_id, local_date, phone_number_id, ad_id)
