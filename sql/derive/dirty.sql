-- Marks waiting for derive/40_free_tier (free_tier_dirty) and derive/50_volume_tiers
-- (tier_dirty), those of this run and of any run that crashed before those steps: without a
-- mark, a step (and the clearing of its marks) has nothing to do.
SELECT (SELECT count() FROM free_tier_dirty) AS free_tier, (SELECT count() FROM tier_dirty) AS tiers
