-- Volume tiers (pricing-models.md §4): a rate-card row is the price from the tier_from-th
-- REGULAR per-message charge of its (WABA, market, category, month) on; 1 = from the first (a
-- card without tiers). Conversation-based pricing pays the tier_from = 1 band.
ALTER TABLE rate_card ADD COLUMN IF NOT EXISTS tier_from UInt32 DEFAULT 1
