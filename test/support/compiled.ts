// The CLI (and the crash tests' webhook server) as JavaScript, for the tests that spawn it many
// times: bin/wacost.mjs runs cli/wacost.ts through tsx, whose loader costs ~0.4–1.5 s per process
// on 2 shared cores (every module, the dependencies' too, passes its hooks), ~200 processes a run.
// TypeScript's own emit of the same files (types erased, `.ts` imports rewritten to `.js`, nothing
// else changed) is kept under the system's temporary directory per version of the sources, beside
// links to what the code reads by its own path (sql/, config/, web/, node_modules/). The command's
// code is the same; only the step that strips the types runs once instead of in each process.
// bin/wacost.mjs itself (its --help shortcut and the tsx start) keeps tests of its own
// (cli-help.test.ts, and the runs of cli.test.ts and start.test.ts through the real bin/).
import { createHash } from 'node:crypto'
import { execFile } from 'node:child_process'
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { fileURLToPath } from 'node:url'
import { buildBeside } from '../../core/db/template.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const entries = ['cli/wacost.ts', 'test/support/webhook-server.ts', 'test/support/ingest-groups.ts']
const linked = ['sql', 'config', 'web', 'node_modules', 'package.json']

/**
 * Every TypeScript file the entries can reach, the file copied beside them, the compiler's version
 * and the checkout itself: the copy links to this checkout's node_modules, so a copy made from
 * another clone of the same sources (CI's clone, since removed) would resolve no package.
 */
function key(): string {
  const h = createHash('sha256').update(`${root}\n`).update(readFileSync(join(root, 'node_modules/typescript/package.json')))
  const files = ['core', 'ingest', 'cli', 'api']
    .flatMap((d) => readdirSync(join(root, d), { recursive: true, encoding: 'utf8' }).map((f) => `${d}/${f}`))
    .filter((f) => f.endsWith('.ts'))
  for (const f of [...files.sort(), ...entries, 'cli/help.txt']) h.update(`${f}\n`).update(readFileSync(join(root, f)))
  return h.digest('hex').slice(0, 16)
}

/** Removes other versions' copies unused for an hour (each change of the sources makes a new one). */
function removeStale(keep: string): void {
  const hourAgo = Date.now() - 3_600_000
  for (const name of readdirSync(tmpdir())) {
    const dir = join(tmpdir(), name)
    if (!name.startsWith('wacost-js-') || dir === keep) continue
    try { if (statSync(dir).mtimeMs < hourAgo) rmSync(dir, { recursive: true, force: true }) } catch { /* gone meanwhile */ }
  }
}

/** The directory of the compiled code; built when missing. */
async function compiled(): Promise<string> {
  const dir = join(tmpdir(), `wacost-js-${key()}`)
  const resolvable = join(dir, 'node_modules/typescript/package.json')
  if (existsSync(resolvable)) return dir
  // A copy whose links lead nowhere (its checkout was removed and made again at the same path);
  // only such a one: a missing copy may be another test process's, being put in place now.
  if (existsSync(dir) && !existsSync(resolvable)) rmSync(dir, { recursive: true, force: true })
  return buildBeside(dir, '.', async (building) => {
    await promisify(execFile)(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '--ignoreConfig', ...entries.map((e) => join(root, e)),
      '--outDir', building, '--rootDir', root, '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022',
      '--rewriteRelativeImportExtensions', '--allowImportingTsExtensions', '--noCheck', '--skipLibCheck', '--resolveJsonModule',
      '--esModuleInterop', '--types', 'node'], { cwd: root })
    for (const l of linked) symlinkSync(join(root, l), join(building, l))
    copyFileSync(join(root, 'cli/help.txt'), join(building, 'cli/help.txt'))
    try { renameSync(building, dir) } catch { /* another process put its copy in place first */ }
    removeStale(dir)
    return dir
  })
}

const dir = await compiled()
/** `node wacostJs …args` runs `wacost …args` (as bin/wacost.mjs would, but for `--help` alone, its shortcut). */
export const wacostJs = join(dir, 'cli/wacost.js')
/** test/support/webhook-server.ts, compiled. */
export const webhookServerJs = join(dir, 'test/support/webhook-server.js')
/** test/support/ingest-groups.ts, compiled. */
export const ingestGroupsJs = join(dir, 'test/support/ingest-groups.js')
