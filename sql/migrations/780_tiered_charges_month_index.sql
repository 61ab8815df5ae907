-- The month of each granule of tiered_charges (minmax), so that derive/50_volume_tiers reads only
-- the months it re-ranks. Its reads select the marked counts by (waba_id, market, category, month),
-- the sort key's prefix; a granule whose first and last keys lie in different categories spans
-- every month of the categories between them, so the primary index alone kept those granules of
-- every earlier month: a 10k-message batch of a new month read 420k rows of the month before
-- (of 990k stored, 10M messages) where 2.3k are its own (bench, 2026-12-05). Existing parts get it
-- now (MATERIALIZE); without it they are read as before, with the same results.
-- derived data: unchanged
ALTER TABLE tiered_charges ADD INDEX IF NOT EXISTS tiered_charges_month month TYPE minmax GRANULARITY 1, MATERIALIZE INDEX tiered_charges_month
