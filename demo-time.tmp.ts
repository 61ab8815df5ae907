import { openDemoApp } from './test/support/api.ts'
import { ledger } from './test/support/engine.ts'
const t0 = Date.now()
const t = await openDemoApp()
const t1 = Date.now()
const rows = await ledger(t.session)
const t2 = Date.now()
console.log('open', t1 - t0, 'ledger', t2 - t1, rows.length)
await t.app.close()
