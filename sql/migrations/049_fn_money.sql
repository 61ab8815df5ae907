-- Formats an exact decimal amount with at least 4 and at most 6 fractional digits ("0.0250",
-- "0.012345", "0.0000"): how costs appear in the ledger, the API and exports.
CREATE OR REPLACE FUNCTION wacost_money AS (d) -> (
  if(position(toString(d), '.') = 0,
     concat(toString(d), '.0000'),
     concat(toString(d), repeat('0', toUInt64(greatest(0, 4 - (length(toString(d)) - position(toString(d), '.')))))))
)
