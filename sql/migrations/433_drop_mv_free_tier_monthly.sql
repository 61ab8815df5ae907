-- Replaced by 434: the WABA gauge counts free conversations only, not per-message free service.
DROP VIEW IF EXISTS mv_free_tier_monthly
