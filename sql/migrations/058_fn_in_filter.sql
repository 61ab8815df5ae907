-- Filter-bar membership: an empty selection means "all". Used by every dashboard query.
CREATE OR REPLACE FUNCTION wacost_in_filter AS (selected, value) -> (empty(selected) OR has(selected, value))
