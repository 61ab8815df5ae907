-- The volume-tier counts marked before derive/50_volume_tiers.sql ran are ranked: forget them.
TRUNCATE TABLE tier_dirty
