// Derived rows that change only in a column their table was not sorted by. conversations and
// verdicts are CollapsingMergeTree tables written as differences (a -1 for the old row, a +1 for
// the new one, in one insert); sorted by part of their columns, the two rows of a change that
// kept those columns could cancel each other (at insert or at a merge, depending on their order
// in the block) and leave the old row live: the batching bug of batching-eras.test.ts, fixed by
// migrations 570-579 (both tables sorted by every column). Each case changes such a column in a
// later batch and compares with a rebuild, before and after the tables are merged; the first
// fails on the old tables every time, the others only when the insert's order is unlucky, so the
// last test checks the cause itself: no such table leaves a column out of its sort key.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CBP_ONLY, ingest, ledger, openEngine, rebuild, type Session } from './support/engine.ts'
import { inbound, keyOf, reply, template } from './support/log.ts'

// the shipped timeline: per-message pricing on the logs' dates (December 2025)
const shipped = fileURLToPath(new URL('../config/defaults/pricing-models.csv', import.meta.url))
let s: Session

async function rows<T>(e: Session, query: string, query_params: Record<string, unknown>): Promise<T[]> {
  return (await e.db.client.query({ query, query_params, format: 'JSONEachRow' })).json<T>()
}

/** What is derived for a phone number: the ledger, the verdicts, and the dashboard's counts of them. */
async function derivedOf(e: Session, pn: string) {
  const entries = await rows<{ outcome: string; n: number }>(e,
    'SELECT outcome, sum(messages) AS n FROM entry_daily WHERE phone_number_id = {pn:String} GROUP BY outcome HAVING n != 0 ORDER BY outcome', { pn })
  const verdictsByCategory = await rows<{ verdict: string; template_category: string; n: number }>(e,
    `SELECT verdict, template_category, sum(messages) AS n FROM verdict_daily WHERE phone_number_id = {pn:String}
     GROUP BY verdict, template_category HAVING n != 0 ORDER BY verdict, template_category`, { pn })
  const verdictRows = await rows<{ message_id: string; template_category: string; verdict: string; fep_entry: number }>(e,
    `SELECT message_id, template_category, verdict, fep_entry FROM verdicts FINAL WHERE phone_number_id = {pn:String}
     ORDER BY message_id`, { pn })
  return { entries, verdictsByCategory, verdictRows, ledger: await ledger(e, pn) }
}

/** The same after every part of the tables is merged, and after a rebuild. */
async function expectStable(e: Session, pn: string, incremental: Awaited<ReturnType<typeof derivedOf>>): Promise<void> {
  for (const t of ['conversations', 'verdicts', 'verdict_daily', 'entry_daily']) {
    await e.db.client.command({ query: `OPTIMIZE TABLE ${t} FINAL` })
  }
  expect(await derivedOf(e, pn)).toEqual(incremental)
  await rebuild(e)
  expect(await derivedOf(e, pn)).toEqual(incremental)
}

const perMessage = (d: Awaited<ReturnType<typeof derivedOf>>) =>
  d.ledger.filter((r) => r.unit === 'message').map((r) => [r.opening_message_id, r.category, r.pricing_type, r.cost])

describe('a derived row changed outside the columns it used to be sorted by (per-message pricing)', () => {
  beforeAll(async () => { s = await openEngine({ pricingModels: shipped }) })
  afterAll(async () => { await s.close() })

  it('per-message charges become FREE_ENTRY_POINT when the entry message they answer comes in a later batch', async () => {
    const k = keyOf('col1')
    await ingest(s, [template(k, 'col1.r', 2, 'UTILITY'), template(k, 'col1.m', 30, 'MARKETING')])
    expect(perMessage(await derivedOf(s, k.phone_number_id))).toEqual([
      ['col1.r', 'UTILITY', 'REGULAR', '0.0040'], ['col1.m', 'MARKETING', 'REGULAR', '0.0250']])
    await ingest(s, [inbound(k, 'col1.e', 0, { entry_point: 'ctwa', ad_id: 'ad-1' })])
    const incremental = await derivedOf(s, k.phone_number_id)
    expect(perMessage(incremental)).toEqual([
      ['col1.r', 'UTILITY', 'FREE_ENTRY_POINT', '0.0000'], ['col1.m', 'MARKETING', 'FREE_ENTRY_POINT', '0.0000']])
    await expectStable(s, k.phone_number_id, incremental)
  }, 60_000)

  it('a template re-categorised by a later line keeps its verdict and conversation: one row, of the new category', async () => {
    const k = keyOf('col3')
    await ingest(s, [inbound(k, 'col3.e', 0, { entry_point: 'ctwa' }), template(k, 'col3.t', 1, 'UTILITY')])
    await ingest(s, [template(k, 'col3.t', 1, 'MARKETING')])
    const incremental = await derivedOf(s, k.phone_number_id)
    expect(incremental.verdictRows.filter((v) => v.message_id === 'col3.t').map((v) => v.template_category)).toEqual(['MARKETING'])
    expect(incremental.verdictsByCategory.filter((v) => v.template_category !== '').map((v) => [v.template_category, v.n]))
      .toEqual([['MARKETING', 1]])
    await expectStable(s, k.phone_number_id, incremental)
  }, 60_000)
})

describe('a derived row changed outside the columns it used to be sorted by (conversation-based pricing)', () => {
  beforeAll(async () => { s = await openEngine({ pricingModels: CBP_ONLY }) })
  afterAll(async () => { await s.close() })

  it('an entry message answered in a later batch starts the free entry point (fep_entry 0 → 1)', async () => {
    const k = keyOf('col2')
    await ingest(s, [inbound(k, 'col2.e', 0, { entry_point: 'ctwa', ad_id: 'ad-1' })])
    await ingest(s, [reply(k, 'col2.r', 2)])
    const incremental = await derivedOf(s, k.phone_number_id)
    expect(incremental.entries).toEqual([{ outcome: 'FEP_STARTED', n: 1 }])
    expect(incremental.verdictRows.find((v) => v.message_id === 'col2.e')?.fep_entry).toBe(1)
    await expectStable(s, k.phone_number_id, incremental)
  }, 60_000)
})

describe('every derived table that cancels rows by sign is sorted by every column', () => {
  // Columns a table may leave out of its sort key: they are functions of columns in it, so two
  // rows equal on the key are equal on them (opening_message_id: conversation_id is a hash of
  // it; counter: 'waba:'/'phone:' by the pricing model of opened_at's local date, whose
  // timeline changing rebuilds everything).
  const implied: Record<string, string[]> = {
    service_conversations: ['opening_message_id', 'counter'],
    free_tier: ['opening_message_id', 'counter'],
  }
  beforeAll(async () => { s = await openEngine() })
  afterAll(async () => { await s.close() })

  it('conversations, verdicts and the charge tables: a -1 cancels only its own row', async () => {
    const tables = await rows<{ name: string; sorting_key: string; cols: string[] }>(s,
      `SELECT name, sorting_key,
              (SELECT groupArray(name) FROM system.columns c WHERE c.database = currentDatabase() AND c.table = t.name) AS cols
       FROM system.tables t WHERE database = currentDatabase() AND engine = 'CollapsingMergeTree' ORDER BY name`, {})
    expect(tables.map((t) => t.name)).toEqual(
      ['conversations', 'discrepancies', 'free_tier', 'service_conversations', 'tiered_charges', 'verdicts', 'volume_tiers'])
    for (const t of tables) {
      const sorted = new Set(t.sorting_key.split(',').map((c) => c.trim()))
      const left = t.cols.filter((c) => c !== 'sign' && !sorted.has(c) && !(implied[t.name] ?? []).includes(c))
      expect({ table: t.name, left }).toEqual({ table: t.name, left: [] })
    }
  })
})

describe('every table that replaces rows keeps one row per distinct record', () => {
  // A ReplacingMergeTree keeps one row of those equal on its sort key: with a version, the
  // greatest version's (listed by its version column: the columns outside the key are what that
  // version wrote); without one, whichever a merge read last. So a column outside the key is
  // either decided by the version or a function of the key, or the table loses information by
  // merge timing: statuses kept one of two failed lines that differed only in Meta's error title
  // (test/statuses-order.test.ts, migrations 610-614). Each exception says why it is safe.
  const versioned: Record<string, string> = {
    // (batch, place in the batch): a later line of an id replaces an earlier one (interfaces.md §1)
    messages: 'version',
    message_keys: 'version',
    // written once per batch, at its end, per id and key
    status_facts: 'version',
    // each derive run writes a key's reach once
    key_reach: 'run',
    // a display number's latest webhook time (pipeline/12_phone_display; migrations 635-638)
    webhook_display_numbers: 'seen_ts',
  }
  const implied: Record<string, string[]> = {
    // one row per batch: its summary replaces its start row, written after it by the one writer
    ingest_batches: ['source', 'started_at', 'finished_at', 'lines', 'accepted', 'rejected', 'new_records', 'unchanged_records', 'corrected_records'],
    // source: the batch's input; rejected_at: when it was written (raw, a record's text, joined the
    // key in migrations 615-619: two records of one line with one reason kept only one; rec_no, the
    // record's place in its line, in 639-643: two identical records of one line kept only one)
    rejected_lines: ['source', 'rejected_at'],
    // the country is resolved from the number alone (ingest/countries.ts)
    wa_country_keys: ['country'],
    // when the interrupted batch was first found: a batch found is not looked for again
    interrupted_batches: ['found_at'],
    // why a batch was refused whole, and when: written once, when its input is refused (migration 853)
    refused_batches: ['refusal', 'refused_at'],
    // which run derived a delivery: any of them did (a delivery marked is skipped at replay)
    webhook_derived: ['batch_id', 'derived_at'],
  }
  beforeAll(async () => { s = await openEngine() })
  afterAll(async () => { await s.close() })

  it('statuses and every other ReplacingMergeTree: no column left out of the sort key by accident', async () => {
    const tables = await rows<{ name: string; sorting_key: string; engine_full: string; cols: string[] }>(s,
      `SELECT name, sorting_key, engine_full,
              (SELECT groupArray(name) FROM system.columns c WHERE c.database = currentDatabase() AND c.table = t.name) AS cols
       FROM system.tables t WHERE database = currentDatabase() AND engine = 'ReplacingMergeTree' ORDER BY name`, {})
    expect(tables.map((t) => t.name)).toContain('statuses')
    for (const t of tables) {
      const sorted = new Set(t.sorting_key.split(',').map((c) => c.trim()))
      const version = /^ReplacingMergeTree\((\w+)\)/.exec(t.engine_full)?.[1] ?? null
      expect({ table: t.name, version }).toEqual({ table: t.name, version: versioned[t.name] ?? null })
      if (version !== null) continue
      const left = t.cols.filter((c) => !sorted.has(c))
      expect({ table: t.name, left }).toEqual({ table: t.name, left: implied[t.name] ?? [] })
    }
  })
})
