-- The WABA-months marked dirty are re-ranked (derive/40_free_tier has finished): forget the marks.
-- Kept until now, never cleared at the start of a derive, so a crash in between loses nothing.
TRUNCATE TABLE free_tier_dirty
