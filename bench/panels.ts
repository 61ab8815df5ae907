// The dashboard's requests for its default view (web/src/panels/*: the headline's three, each
// chart's, the per-message tables', the reconciliation's three), for bench:api and bench:live.
// Before 2026-12-04 both benches fired 8 of them (no reconciliation, no pricing eras, no per-message
// tables): their "every panel" figures left out the costliest queries.

/** [name, path and query] of each request the dashboard sends on its default view. */
export const dashboardPanels: [string, string][] = [
  ['filters', '/api/filters'],
  ['headline', '/api/headline'],
  ['headline units', '/api/spend?granularity=total&split=unit'],
  ['headline categories', '/api/spend?granularity=total&split=category'],
  ['spend day×category', '/api/spend?granularity=day&split=category'],
  ['spend total×market', '/api/spend?granularity=total&split=market'],
  ['eras day×category_pricing_type', '/api/spend?granularity=day&split=category_pricing_type'],
  ['pricing-models', '/api/pricing-models'],
  ['free-tier', '/api/free-tier'],
  ['free-allowance', '/api/free-allowance'],
  ['volume-tiers', '/api/volume-tiers'],
  ['ctwa/daily', '/api/ctwa/daily'],
  ['ctwa/ads', '/api/ctwa/ads'],
  ['guardrail', '/api/guardrail'],
  ['reconcile/summary', '/api/reconcile/summary'],
  ['reconcile/drift', '/api/reconcile/drift'],
  ['reconcile latest', '/api/reconcile?latest=10'],
]
