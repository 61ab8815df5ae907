-- Whether table discrepancies needs bringing up to date (core/reconcile.ts): how many marks wait
-- in reconcile_dirty, and whether it was ever filled whole (discrepancies_ready).
SELECT (SELECT count() FROM reconcile_dirty) AS marks, (SELECT count() FROM discrepancies_ready) AS ready
