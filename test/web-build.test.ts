// `npm run build:web` while the server runs (api/web-build.ts): the build goes to a sibling folder
// swapped in with renames, so every request meanwhile finds a whole page, the old or the new one
// (vite emptied web/dist first: / answered 404 for ~0.5 s, and a reload showed a blank page).
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { buildWeb } from '../api/web-build.ts'
import { openApp, type TestApp } from './support/api.ts'
import { tempDir } from './support/temp.ts'

let t: TestApp | undefined
afterAll(async () => { await t?.app.close() })

it('answers / with a whole page, never 404, while the build runs', async () => {
  const dir = tempDir('wacost-web-build-')
  const root = join(dir, 'dist')
  await buildWeb(root)
  t = await openApp({}, undefined, root)
  const app = t.app
  /** The page and every asset it names: [status of /, statuses of its assets]. */
  const page = async (): Promise<[number, number[]]> => {
    const res = await app.inject({ method: 'GET', url: '/' })
    const assets = res.statusCode === 200 ? [...res.body.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!) : []
    return [res.statusCode, await Promise.all(assets.map(async (a) => (await app.inject({ method: 'GET', url: `/${a}` })).statusCode))]
  }
  const before = await page()
  expect(before[0]).toBe(200)
  expect(before[1].length).toBeGreaterThan(0)

  let building = true
  const seen: [number, number[]][] = []
  const polling = (async () => {
    while (building) {
      seen.push(await page())
      await new Promise((r) => setTimeout(r, 2))
    }
  })()
  await buildWeb(root).finally(() => { building = false })
  await polling
  // vite's build shares this event loop, so how many polls fit in it depends on the machine's
  // load (14 on a loaded CI machine, ~110 alone): a few suffice, as the old in-place build left
  // / without a page for most of it
  expect(seen.length).toBeGreaterThan(2)
  const broken = seen.filter(([status, assets]) => status !== 200 || assets.some((s) => s !== 200))
  expect({ requests: seen.length, broken: broken.length, first: broken[0] }).toEqual({ requests: seen.length, broken: 0, first: undefined })
  expect(await page()).toEqual([200, before[1]])
  // nothing left beside the build
  expect(readdirSync(dir)).toEqual(['dist'])
  expect(existsSync(join(root, 'index.html'))).toBe(true)
}, 120_000)
