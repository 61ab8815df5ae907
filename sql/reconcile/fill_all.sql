-- Fills the emptied table discrepancies with the whole reconciliation (view reconciliation): its
-- first read, or the first after a rebuild.
INSERT INTO discrepancies
SELECT *, toInt8(1) AS sign FROM reconciliation
