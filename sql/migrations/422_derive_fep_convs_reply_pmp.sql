-- Whether a free entry point's reply falls in a per-message period: an entry message delivered
-- under CBP whose reply comes after a change to PMP keeps its CBP verdict (pricing-models.md §2).
ALTER TABLE derive_fep_convs ADD COLUMN IF NOT EXISTS reply_pmp UInt8
