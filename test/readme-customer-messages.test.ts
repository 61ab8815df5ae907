// README's API table listed /api/customer/messages's columns as "template" and "conversation",
// which the JSON has as template_name, template_category and conversation_id (fresh-user trial):
// the row lists exactly the columns the route answers.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ingest } from './support/engine.ts'
import { json, openApp, type TestApp } from './support/api.ts'

let t: TestApp
beforeAll(async () => { t = await openApp({}, 'test-admin-key-0123456789=*') })
afterAll(async () => { await t.app.close() })

it('lists in the README exactly the columns /api/customer/messages answers', async () => {
  await ingest(t.session, [{
    message_id: 'readme-1', timestamp: '2025-12-01T10:00:00Z', waba_id: 'waba-readme', phone_number_id: 'pn-readme',
    wa_id: '14155550177', direction: 'inbound', type: 'text',
  }])
  const [row] = await json<Record<string, unknown>[]>(t.app, '/api/customer/messages?customer=14155550177&waba=waba-readme')
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const cell = /^\| `GET \/api\/customer\/messages\?customer=…` \| ([^\n]*) \|$/m.exec(readme)?.[1]
  expect(cell).toBeDefined()
  // the names after the colon, each without its parenthesised note
  let said = cell!.slice(cell!.indexOf(':') + 1)
  while (/\([^()]*\)/.test(said)) said = said.replace(/\s*\([^()]*\)/g, '')
  expect(said.split(',').map((s) => s.trim()).sort()).toEqual(Object.keys(row!).sort())
})
