// The spend chart's "Split by" choices are one list in the page (web/src/state.ts spendSplits:
// main.ts fills the select from it, a link's split is checked against it); the API's /api/spend
// takes its own enum (the page takes only row types from api/). They were three lists kept by
// hand (state.ts, web/index.html, the route): the route's enum, as the app serves it in its
// OpenAPI document, must be the page's list, and the page's HTML must list none of its own.
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openApp, type TestApp } from './support/api.ts'
import { spendSplitKeys } from '../api/routes/dashboard.ts'
import { spendSplits } from '../web/src/state.ts'

let t: TestApp
beforeAll(async () => { t = await openApp(); await t.app.ready() })
afterAll(async () => { await t?.app.close() })

interface Parameter { name: string; in: string; schema?: { enum?: string[] } }

it('offers on the page exactly the splits /api/spend takes, in one list', () => {
  const doc = t.app.swagger() as unknown as { paths: Record<string, { get?: { parameters?: Parameter[] } }> }
  const split = doc.paths['/api/spend']?.get?.parameters?.find((p) => p.name === 'split' && p.in === 'query')
  const page = spendSplits.map(([value]) => value)
  expect(split?.schema?.enum).toEqual(page)
  expect([...spendSplitKeys]).toEqual(page)
  const html = readFileSync(new URL('../web/index.html', import.meta.url), 'utf8')
  expect(html).toMatch(/<select name="split"><\/select>/)
})
