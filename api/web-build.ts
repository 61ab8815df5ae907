// Builds the dashboard (web/ → web/dist): `npm run build:web` (bin/build-web.ts), and `npm start`
// when the build is missing or older than its sources, so it always serves the page that matches
// the checkout. The build goes to a sibling folder first and is swapped in with renames: a server
// reading web/dist meanwhile finds the old build or the new one, whole (vite emptying web/dist
// first answered / with 404 for ~0.5 s, and a reload then showed a blank page).
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const webDir = fileURLToPath(new URL('../web/', import.meta.url))
export const webRoot = join(webDir, 'dist')

function newest(dir: string): number {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    // web/dist, and the folders of builds under way or left by an interrupted one (dist.building-…)
    if (entry.name === 'dist' || entry.name.startsWith('dist.') || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return t
}

/**
 * Moves the complete build `next` into `root`, each step a rename: first its assets (new hashed
 * names beside the old ones), then each page over its old one (a rename replaces a file at
 * once), then the old build's assets that the new one does not have. A request meanwhile reads
 * the old page and its assets or the new page and its assets.
 */
function swapIn(next: string, root: string): void {
  if (!existsSync(root)) { renameSync(next, root); return }
  const assets = join(root, 'assets')
  mkdirSync(assets, { recursive: true })
  const before = readdirSync(assets)
  const built = existsSync(join(next, 'assets')) ? readdirSync(join(next, 'assets')) : []
  for (const name of built) renameSync(join(next, 'assets', name), join(assets, name))
  for (const entry of readdirSync(next, { withFileTypes: true })) {
    if (entry.name === 'assets') continue
    // a folder (none today) cannot be renamed over a full one: the old one goes first
    if (entry.isDirectory()) rmSync(join(root, entry.name), { recursive: true, force: true })
    renameSync(join(next, entry.name), join(root, entry.name))
  }
  for (const name of before) if (!built.includes(name)) rmSync(join(assets, name), { recursive: true, force: true })
  rmSync(next, { recursive: true, force: true })
}

/** Builds the pages into `root` (web/dist by default) through a sibling folder swapped in whole. */
export async function buildWeb(root = webRoot, logLevel: 'info' | 'warn' = 'warn'): Promise<void> {
  const next = join(dirname(root), `${basename(root)}.building-${process.pid}-${randomBytes(4).toString('hex')}`)
  const { build } = await import('vite')
  try {
    await build({ configFile: join(webDir, 'vite.config.ts'), logLevel, build: { outDir: next, emptyOutDir: true } })
    swapIn(next, root)
  } finally {
    rmSync(next, { recursive: true, force: true })
  }
}

export async function buildWebIfNeeded(log: (line: string) => void): Promise<void> {
  const index = join(webRoot, 'index.html')
  if (existsSync(index) && statSync(index).mtimeMs >= newest(webDir)) return
  log('building the dashboard (web/ → web/dist) …')
  await buildWeb()
}
