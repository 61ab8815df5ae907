-- wacost_scope_meet (524) merged the WABAs of delivery facts into the meet of every merged scope;
-- the facts are kept per WABA now (wacost_facts_merge, 581), and nothing calls it.
DROP FUNCTION IF EXISTS wacost_scope_meet
