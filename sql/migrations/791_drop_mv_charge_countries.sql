-- charge_countries (763) is read no more: service_conversations and tiered_charges carry each
-- charge's country (787-790), which derive/40_free_tier and derive/50_volume_tiers read with the
-- charges they rank. Its view (764) stops writing it.
-- derived data: unchanged (nothing derived reads charge_countries)
DROP VIEW IF EXISTS mv_charge_countries
