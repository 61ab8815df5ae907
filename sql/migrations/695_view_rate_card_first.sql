-- The first day each market and category has a rate-card row: a charge (REGULAR, not FREE_TIER)
-- whose market and category have no row here, or whose local day is before first_from, has no
-- price (unpriced_conversations, 141; unpriced_daily, 340; the ledger): the derive's ASOF join
-- found no row and stored 0. One place for the join those readers write inline (the customer
-- views 696 and 697 read it; join_use_nulls is off, so no row reads market '').
CREATE OR REPLACE VIEW rate_card_first AS
SELECT market, category, min(effective_from) AS first_from FROM rate_card GROUP BY market, category
