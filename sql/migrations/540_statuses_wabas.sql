-- The WABAs each status line was admitted for: empty when it may show in any WABA (an unlimited
-- ingest key, the CLI); otherwise the sorted WABAs of the API key whose batch brought it
-- (IngestOptions.wabas). A line sent through a key of WABA A for a message id not stored yet is
-- accepted (nothing tells yet whose it is); when the message turns out to be in WABA B, readers
-- leave the line out (wacost_status_admitted, 542: view meta_pricing, the customer's messages), as
-- pipeline/13_foreign_ids would have refused it had the message come first. The column joins the
-- sorting key (last, so reads by message_id still use it): the same line sent through two keys is
-- kept twice, not replaced by whichever merged last, so the order of batches decides nothing.
ALTER TABLE statuses
  ADD COLUMN IF NOT EXISTS wabas Array(String),
  MODIFY ORDER BY (message_id, status, ts, pricing_billable, pricing_model, pricing_category, pricing_type,
                   conversation_id, conversation_origin_type, conversation_expiration_ts, wabas)
