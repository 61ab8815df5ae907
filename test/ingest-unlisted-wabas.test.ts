// Records of a WABA that the WABA register (--wabas) does not list, while it lists others: stored
// and derived as any, their days counted in UTC and the dashboard showing the WABA by its id. The
// webhook receiver logged it (test/webhook-words.test.ts); `wacost ingest` and POST /api/ingest
// said nothing (trial). Now both say it as a notice, naming the WABAs and how to add them; and
// still nothing while no register is loaded (every WABA is then unnamed alike).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadReference } from '../core/reference/load.ts'
import { openIngestApp, type TestApp } from './support/api.ts'
import { wacost } from './support/cli.ts'
import { tempDir } from './support/temp.ts'

// waba-ny is the only WABA of this register
const register = fileURLToPath(new URL('./fixtures/wabas.csv', import.meta.url))

const line = (id: string, waba: string) => JSON.stringify({
  message_id: id, timestamp: '2025-12-01T10:00:00Z', waba_id: waba, phone_number_id: `p-${waba}`, wa_id: '14155550123',
  direction: 'outbound', template_category: 'MARKETING', status: 'sent',
})

const one = (waba: string, load: string) => `records for WABA ${waba}, which the WABA register (--wabas) does not list: stored and derived, `
  + 'its days and months are counted in UTC and the dashboard shows it by its id, with no name. To name it and give its time zone, '
  + `add the row "${waba},<name>,<IANA time zone>" to the WABA file (waba_id,name,timezone; the file replaces the register: keep every WABA in it), ${load}.`

describe('wacost ingest', () => {
  it('names the WABA the register does not list and how to add it; nothing without a register', async () => {
    const dir = tempDir('wacost-unlisted-')
    const log = join(dir, 'log.ndjson')
    writeFileSync(log, `${[line('u-1', 'waba-ny'), line('u-2', '999000111222333')].join('\n')}\n`)
    const bare = await wacost(['ingest', '--db', join(dir, 'bare'), '--no-progress', log])
    expect(bare.code).toBe(0)
    expect(bare.stderr).not.toContain('notice:')
    const db = join(dir, 'db')
    const run = await wacost(['ingest', '--db', db, '--no-progress', '--wabas', register, log])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('2 lines, 2 records accepted (all new), 0 lines rejected (batch 1)')
    expect(run.stderr.split('\n').filter((l) => l.startsWith('  notice: '))).toEqual([
      `  notice: ${one('999000111222333', `then run wacost rebuild --db ${db} --wabas FILE`)}`,
    ])
  }, 120_000)
})

describe('POST /api/ingest', () => {
  const key = 'unlisted-ingest-key-0123'
  let t: TestApp
  beforeAll(async () => { t = await openIngestApp(key) })
  afterAll(async () => { await t?.app.close() })
  const post = (lines: string[]) => t.app.inject({ method: 'POST', url: '/api/ingest', headers: { authorization: `Bearer ${key}` }, payload: lines.join('\n') })

  it('says nothing while no register is loaded', async () => {
    const res = await post([line('a-1', '999000111222333')])
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ notices: [], unregisteredWabas: [] })
  })

  it('answers the WABAs the register does not list, and a notice naming them and how to add them', async () => {
    await t.session.exclusive(() => loadReference(t.session.db, { wabas: register }))
    const listed = await post([line('a-2', 'waba-ny')])
    expect(listed.json()).toMatchObject({ notices: [], unregisteredWabas: [] })
    const res = await post([line('a-3', '999000111222333')])
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      accepted: 1, unregisteredWabas: ['999000111222333'],
      notices: [one('999000111222333', 'then, with the server stopped, run npx wacost rebuild --wabas FILE')],
    })
    const two = await post([line('a-4', 'waba-sf'), line('a-5', 'waba-ny'), line('a-6', '999000111222333')])
    expect(two.json()).toMatchObject({
      unregisteredWabas: ['999000111222333', 'waba-sf'],
      notices: ['records for WABAs 999000111222333 and waba-sf, which the WABA register (--wabas) does not list: stored and derived, '
        + 'their days and months are counted in UTC and the dashboard shows them by their ids, with no name. To name them and give their '
        + 'time zones, add a row "<waba_id>,<name>,<IANA time zone>" for each to the WABA file (waba_id,name,timezone; the file replaces '
        + 'the register: keep every WABA in it), then, with the server stopped, run npx wacost rebuild --wabas FILE.'],
    })
  })
})
