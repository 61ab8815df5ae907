// chDB applies a statement's settings as SET on the process's one session: before the fix, the
// API's output settings (api/results.ts: ISO times, unescaped slashes) stayed for every later
// statement of the server, so the same read answered differently depending on whether a panel had
// been served before it. core/db/client.ts states those settings on every embedded statement.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openEngine, type Session } from './support/engine.ts'

let s: Session
beforeAll(async () => { s = await openEngine() })
afterAll(async () => { await s.close() })

const read = async (settings?: Record<string, unknown>) => (await (await s.db.client.query({
  query: "SELECT toDateTime64('2024-09-01 10:00:00', 3, 'UTC') AS t, 'a/b' AS path, getSetting('log_comment') AS comment",
  format: 'JSONEachRow',
  clickhouse_settings: settings as never,
})).text()).trim()

it('a setting passed with one statement does not carry over to the next', async () => {
  const plain = await read()
  expect(plain).toBe('{"t":"2024-09-01 10:00:00.000","path":"a\\/b","comment":""}')
  expect(await read({ date_time_output_format: 'iso', output_format_json_escape_forward_slashes: 0, log_comment: 'wacost:probe' }))
    .toBe('{"t":"2024-09-01T10:00:00.000Z","path":"a/b","comment":"wacost:probe"}')
  expect(await read()).toBe(plain)
})

it("a finance export's CSV settings do not carry over to the next CSV (a panel's download after an export)", async () => {
  const csv = async (settings?: Record<string, unknown>) => (await (await s.db.client.query({
    query: 'SELECT 1 AS a, NULL AS b', format: 'CSV', clickhouse_settings: settings as never,
  })).text())
  expect(await csv()).toBe('1,\\N\n')
  // core/exports.ts: RFC 4180 line ends, a null amount as an empty cell
  expect(await csv({ output_format_csv_crlf_end_of_line: 1, format_csv_null_representation: '' })).toBe('1,\r\n')
  expect(await csv()).toBe('1,\\N\n')
})

it('the settings of a statement reach the engine as given (core/db/one-set.ts sends them as one SET)', async () => {
  const rs = await s.db.client.query({
    query: "SELECT getSetting('log_comment') AS c, getSetting('max_threads') AS t, getSetting('output_format_json_quote_64bit_integers') AS q",
    format: 'JSONEachRow', clickhouse_settings: { log_comment: "it's a probe, = ; SET x", max_threads: 1, output_format_json_quote_64bit_integers: true as never },
  })
  expect(await rs.json()).toEqual([{ c: "it's a probe, = ; SET x", t: 1, q: true }])
})
