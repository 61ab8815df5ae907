-- The live rows of table discrepancies (747): the rows of view reconciliation (745) as of the
-- last time they were brought up to date (core/reconcile.ts, before every read of the panel,
-- its CSV and `wacost reconcile`). Same columns as the view.
CREATE OR REPLACE VIEW reconciliation_kept AS
SELECT * EXCEPT sign FROM discrepancies
GROUP BY ALL
HAVING sum(sign) > 0
