// The demo dataset for the tests that read it (the browser tests, consistency, reconcile): ingested
// once per version of the code into a database kept under the system's temporary directory, then
// copied for each test file (a copy takes ~1 s; ingesting the demo ~15–20 s on 2 shared cores,
// which 9 files paid each). The ingest is the real one (loadDemo through the pipeline); the key
// covers everything that could change its result: the engine, the migrations, the SQL, the
// TypeScript of core/ and ingest/, config/ and the reference options. With a server
// (CLICKHOUSE_URL) each file loads the demo itself, as before.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { env } from '../../core/config.ts'
import { buildBeside, templateKey } from '../../core/db/template.ts'
import { openPersistent, openScratch, type Session } from '../../core/session.ts'
import type { ReferenceOptions } from '../../core/reference/load.ts'
import { loadDemo } from '../../ingest/demo/load.ts'
import type { BatchSummary } from '../../ingest/pipeline.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const PREFIX = 'wacost-demo-'

/** Every file whose content can change what the demo ingests to, in a stable order. */
function sources(): string[] {
  return ['sql', 'core', 'ingest', 'config']
    .flatMap((d) => readdirSync(join(root, d), { recursive: true, encoding: 'utf8' }).map((f) => join(d, f)))
    .filter((f) => statSync(join(root, f)).isFile())
    .sort()
}

function demoKey(ref: ReferenceOptions): string {
  const h = createHash('sha256').update(`${templateKey(env.WACOST_DATABASE)}\n${JSON.stringify(ref)}\n`)
  for (const f of sources()) h.update(`${f}\n`).update(readFileSync(join(root, f)))
  return h.digest('hex').slice(0, 16)
}

/** Removes other versions' demo databases unused for an hour (each code change makes a new one). */
function removeStale(keep: string): void {
  const hourAgo = Date.now() - 3_600_000
  for (const name of readdirSync(tmpdir())) {
    const dir = join(tmpdir(), name)
    if (!name.startsWith(PREFIX) || dir === keep) continue
    try { if (statSync(dir).mtimeMs < hourAgo) rmSync(dir, { recursive: true, force: true }) } catch { /* gone meanwhile */ }
  }
}

/**
 * The directory holding the demo database (`db/`) and the ingest's summary (`summary.json`) for
 * `ref`; built when missing, moved into place in one rename (a reader never sees half of one;
 * processes building at once each build their own, the first rename wins).
 */
async function demoDatabase(ref: ReferenceOptions): Promise<string> {
  const dir = join(tmpdir(), `${PREFIX}${demoKey(ref)}`)
  if (existsSync(dir)) return dir
  return buildBeside(dir, '.', async (building) => {
    const s = await openPersistent(join(building, 'db'), ref)
    let summary: BatchSummary
    try { summary = await loadDemo(s.db) } finally { await s.close() }
    writeFileSync(join(building, 'summary.json'), JSON.stringify(summary))
    try { renameSync(building, dir) } catch { /* another process put its copy in place first */ }
    removeStale(dir)
    return dir
  })
}

/** A scratch session holding the demo dataset, and the summary of its ingest. */
export async function openDemoSession(ref: ReferenceOptions): Promise<{ session: Session; summary: BatchSummary }> {
  if (env.CLICKHOUSE_URL) {
    const session = await openScratch(ref)
    return { session, summary: await loadDemo(session.db) }
  }
  const dir = await demoDatabase(ref)
  const session = await openScratch(ref, join(dir, 'db'))
  return { session, summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as BatchSummary }
}
