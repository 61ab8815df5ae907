-- Inbound messages from a click-to-WhatsApp ad keep the ad click id (referral.ctwa_clid), for
-- later reconciliation with the ad platform. Empty when absent.
ALTER TABLE messages ADD COLUMN IF NOT EXISTS ctwa_clid String
