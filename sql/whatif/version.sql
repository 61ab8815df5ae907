-- What the stored figures depend on, as one fingerprint: every batch (ingest or rebuild, with
-- its end) and the content of every reference table the derive reads. Any ingest, rebuild or
-- reference change gives another value, so a what-if computed before it is never served after.
SELECT toString(tuple(
  (SELECT tuple(count(), max(batch_id), countIf(finished_at IS NOT NULL)) FROM ingest_batches FINAL),
  (SELECT groupBitXor(cityHash64(*)) FROM rate_card),
  (SELECT groupBitXor(cityHash64(*)) FROM market_map),
  (SELECT groupBitXor(cityHash64(*)) FROM wabas),
  (SELECT groupBitXor(cityHash64(*)) FROM billing_settings),
  (SELECT groupBitXor(cityHash64(*)) FROM pricing_models),
  (SELECT groupBitXor(cityHash64(*)) FROM auth_international)
)) AS version
