// The demo dataset for the tests that read it (the browser tests, consistency, reconcile), and the
// other fixed logs several files read (the pricing-eras log: support/eras-log.ts): ingested once
// per version of the code into a database kept under the system's temporary directory, then
// copied for each test file (a copy takes ~1 s; ingesting the demo ~15–20 s on 2 shared cores,
// which 9 files paid each; the eras log ~3 s of CPU, 6 files). The ingest is the real one
// (loadDemo, or the log's lines, through the pipeline); the key covers everything that could
// change its result: the engine, the migrations, the SQL, the TypeScript of core/ and ingest/,
// config/, the reference options with the bytes of the files they name, the log's lines and what
// else the kept copy holds (the dashboard's default what-if: defaultWhatif below).
// With a server (CLICKHOUSE_URL) each file loads its dataset itself, as before.
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
import { computeWhatif } from '../../core/whatif.ts'
import { scenarioFile } from '../../core/whatif-scenarios.ts'
import type { BatchSummary } from '../../ingest/pipeline.ts'
import { ingest, type Line } from './engine.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
/** The directories of a dataset's versions: `wacost-demo-<key>`, `wacost-dataset-<name>-<key>`. */
const prefix = (name: string) => (name === 'demo' ? 'wacost-demo-' : `wacost-dataset-${name}-`)

/** Every file whose content can change what the demo ingests to, in a stable order. */
function sources(): string[] {
  return ['sql', 'core', 'ingest', 'config']
    .flatMap((d) => readdirSync(join(root, d), { recursive: true, encoding: 'utf8' }).map((f) => join(d, f)))
    .filter((f) => statSync(join(root, f)).isFile())
    .sort()
}

/** A dataset: its name, and what loads it into a database holding nothing else. */
interface Dataset {
  name: string; lines?: Line[]; load(s: Session): Promise<BatchSummary>
  /** What the kept copy holds besides, built once with it (a cache its copies start with): named in its key. */
  kept?: { what: string; make(s: Session): Promise<unknown> }
}

function datasetKey(data: Dataset, ref: ReferenceOptions): string {
  const h = createHash('sha256').update(`${templateKey(env.WACOST_DATABASE)}\n${data.name}\n${JSON.stringify(ref)}\n`)
  // the files the reference options name (test fixtures, outside the sources below)
  for (const v of Object.values(ref)) if (typeof v === 'string') h.update(readFileSync(v))
  if (data.lines) h.update(JSON.stringify(data.lines))
  if (data.kept) h.update(`kept: ${data.kept.what}\n`)
  for (const f of sources()) h.update(`${f}\n`).update(readFileSync(join(root, f)))
  return h.digest('hex').slice(0, 16)
}

/** Removes the dataset's other versions (`prefix`) unused for an hour (each code change makes a new one). */
function removeStale(prefix: string, keep: string): void {
  const hourAgo = Date.now() - 3_600_000
  for (const name of readdirSync(tmpdir())) {
    const dir = join(tmpdir(), name)
    if (!name.startsWith(prefix) || dir === keep) continue
    try { if (statSync(dir).mtimeMs < hourAgo) rmSync(dir, { recursive: true, force: true }) } catch { /* gone meanwhile */ }
  }
}

/**
 * The directory holding the dataset's database (`db/`) and the ingest's summary (`summary.json`)
 * for `ref`; built when missing, moved into place in one rename (a reader never sees half of one;
 * processes building at once each build their own, the first rename wins).
 */
async function datasetDatabase(data: Dataset, ref: ReferenceOptions): Promise<string> {
  const dir = join(tmpdir(), `${prefix(data.name)}${datasetKey(data, ref)}`)
  if (existsSync(dir)) return dir
  return buildBeside(dir, '.', async (building) => {
    const s = await openPersistent(join(building, 'db'), ref)
    let summary: BatchSummary
    try {
      summary = await data.load(s)
      await data.kept?.make(s)
    } finally { await s.close() }
    writeFileSync(join(building, 'summary.json'), JSON.stringify(summary))
    try { renameSync(building, dir) } catch { /* another process put its copy in place first */ }
    removeStale(prefix(data.name), dir)
    return dir
  })
}

async function openDatasetSession(data: Dataset, ref: ReferenceOptions): Promise<{ session: Session; summary: BatchSummary }> {
  if (env.CLICKHOUSE_URL) {
    const session = await openScratch(ref)
    return { session, summary: await data.load(session) }
  }
  const dir = await datasetDatabase(data, ref)
  const session = await openScratch(ref, join(dir, 'db'))
  return { session, summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as BatchSummary }
}

/** The what-if scenario the dashboard shows first (web/src/whatif-control.ts `fallback`). */
export const defaultScenario = 'october-2026-rules'

/**
 * The dashboard's default what-if over the dataset, computed in the kept copy (core/whatif.ts: a
 * database in the same directory, so each copy has it): every dashboard asks for it, and each
 * browser test file derived it again in the background (a migration of a new database and a
 * rebuild of the dataset, ~5 s of CPU on the demo on an idle machine) beside its own pages, often
 * stopped half-way when the file closed. A test of the "computing" note drops it first
 * (dropWhatifs). With a server (CLICKHOUSE_URL) it is computed when asked, as before.
 */
const defaultWhatif: Dataset['kept'] = {
  what: `what-if ${defaultScenario}`,
  make: (s) => computeWhatif(s.db, { pricingModels: scenarioFile(defaultScenario)! }),
}

/**
 * A scratch session holding the demo dataset (and its default what-if, unless `whatif` is false:
 * a file that opens no dashboard on it, whose dataset nothing else shares), and the summary of its ingest.
 */
export function openDemoSession(ref: ReferenceOptions, whatif = true): Promise<{ session: Session; summary: BatchSummary }> {
  return openDatasetSession({ name: 'demo', load: (s) => loadDemo(s.db), ...(whatif && { kept: defaultWhatif }) }, ref)
}

/**
 * openDemoSession's with the log `lines` ingested after the demo as one more batch (browser.ts
 * openDemoMetaSite: the fixtures of Meta's pricing), kept as a dataset of its own (`name`) with its
 * default what-if; the summary is the demo's.
 */
export function openDemoPlusSession(name: string, ref: ReferenceOptions, lines: Line[]): Promise<{ session: Session; summary: BatchSummary }> {
  return openDatasetSession({
    name, lines, kept: defaultWhatif,
    load: async (s) => {
      const summary = await loadDemo(s.db)
      await ingest(s, lines)
      return summary
    },
  }, ref)
}

/**
 * A scratch session holding the log `lines` (ingested as one batch, as support/engine.ts ingest;
 * and its default what-if, as the demo's), and that batch's summary.
 */
export function openLogSession(name: string, ref: ReferenceOptions, lines: Line[]): Promise<{ session: Session; summary: BatchSummary }> {
  return openDatasetSession({ name, lines, load: (s) => ingest(s, lines), kept: defaultWhatif }, ref)
}
