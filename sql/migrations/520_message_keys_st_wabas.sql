-- The WABAs a message id's delivery facts (st_delivered, st_failed) were admitted for: empty when
-- they may count in any WABA (written by an unrestricted batch, or no facts); otherwise the WABAs
-- of the API key whose status lines brought them (IngestOptions.wabas). When a message line puts
-- the message in a WABA outside this list (it arrived after its status lines, or a correction
-- moved it), those facts are dropped (pipeline/32_batch_ids): a key limited to WABA A can then not
-- mark a message of WABA B delivered or failed, whichever of the lines arrives first.
ALTER TABLE message_keys ADD COLUMN IF NOT EXISTS st_wabas Array(String)
