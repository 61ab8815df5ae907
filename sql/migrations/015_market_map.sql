-- Country (ISO alpha-2) to named market group, for countries the rate card does not price alone.
CREATE TABLE IF NOT EXISTS market_map (
  country LowCardinality(String),
  market LowCardinality(String)
) ENGINE = MergeTree ORDER BY country
