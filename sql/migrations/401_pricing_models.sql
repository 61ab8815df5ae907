-- The pricing-model timeline (pricing-models.md §1): from each local date (in each WABA's time
-- zone) until the next row, which model prices messages (CBP conversations or PMP messages), whether
-- service is free or has a monthly free tier (its size), and, under PMP, whether utility templates
-- inside the customer service window are free or charged ('' on CBP rows).
CREATE TABLE IF NOT EXISTS pricing_models (
  effective_from Date,
  model LowCardinality(String),
  service LowCardinality(String),
  free_tier UInt32,
  utility_in_service_window LowCardinality(String)
) ENGINE = MergeTree ORDER BY effective_from
