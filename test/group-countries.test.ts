// A message row's country (pipeline/40_messages): the line's own, else its customer number's,
// found in wa_country_keys when an earlier group resolved the number (24_group_countries, the
// group's one read of it into batch_wa_countries) or resolved in the group itself
// (ingest/countries.ts). Checked over batches of several groups, with numbers known before, new
// ones and a number new in one group and known in the next, each row stored once.
import { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { inbound, keyOf } from './support/log.ts'
import { openEngine, type Session } from './support/engine.ts'
import { ingestSource } from '../ingest/pipeline.ts'

let s: Session
beforeAll(async () => { s = await openEngine() }, 120_000)
afterAll(async () => { await s?.close() })

const us = '14155550100', india = '919812345678', brazil = '5511987654321', uk = '447912345678'
const lines = (ids: [string, string][], from: number) =>
  ids.map(([wa, id], i) => JSON.stringify(inbound(keyOf('gc', wa), id, from + i)))

/** Ingests `body` in groups of about `groupBytes` (several groups per batch). */
const ingestIn = (body: string[], groupBytes: number) =>
  s.exclusive(() => ingestSource(s.db, Readable.from([Buffer.from(body.join('\n'))]), 'gc', undefined, { groupBytes }))

async function countries(): Promise<Record<string, string>> {
  const rs = await s.db.client.query({ query: 'SELECT message_id, country FROM messages FINAL ORDER BY message_id', format: 'JSONEachRow' })
  return Object.fromEntries((await rs.json<{ message_id: string; country: string }>()).map((r) => [r.message_id, r.country]))
}

it('gives each message row its number\'s country, found or resolved, in every group of a batch', async () => {
  await ingestIn(lines([[us, 'a1'], [india, 'a2']], 1), 1 << 20)
  // groups of ~1 line: the UK number is new in its first group and known in the next ones; one
  // line names its own country
  const second = [...lines([[uk, 'b1'], [us, 'b2'], [uk, 'b3'], [brazil, 'b4'], [india, 'b5']], 10),
    JSON.stringify(inbound(keyOf('gc', uk), 'b6', 20, { country: 'IE' }))]
  await ingestIn(second, 64)
  expect(await countries()).toEqual({ a1: 'US', a2: 'IN', b1: 'GB', b2: 'US', b3: 'GB', b4: 'BR', b5: 'IN', b6: 'IE' })
  // one row per line: no number joined twice in a group
  const rs = await s.db.client.query({ query: 'SELECT count() AS n FROM messages', format: 'JSONEachRow' })
  expect(Number((await rs.json<{ n: string }>())[0]!.n)).toBe(8)
})
