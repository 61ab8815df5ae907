-- The published rules: 24 h service and business windows, a 72 h free entry point that needs a
-- reply within 24 h, and 1,000 free service conversations per WABA and month.
INSERT INTO billing_settings VALUES ('1970-01-01 00:00:00.000', 86400000, 86400000, 259200000, 86400000, 1000)
