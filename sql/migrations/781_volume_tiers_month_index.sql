-- The month of each granule of volume_tiers (minmax), for the same reason as tiered_charges' (780):
-- derive/50_volume_tiers reads the live tier rows of the counts it re-ranks, and the primary index
-- alone kept every granule spanning two categories, of any earlier month (388k rows read in a
-- 10k-message batch of a new month with 10M messages stored, 3.4k needed). Existing parts get it
-- now (MATERIALIZE); without it they are read as before, with the same results.
-- derived data: unchanged
ALTER TABLE volume_tiers ADD INDEX IF NOT EXISTS volume_tiers_month month TYPE minmax GRANULARITY 1, MATERIALIZE INDEX volume_tiers_month
