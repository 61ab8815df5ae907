-- Table discrepancies holds the whole reconciliation (fill_all.sql has finished).
INSERT INTO discrepancies_ready (filled_at) VALUES (now64(3))
