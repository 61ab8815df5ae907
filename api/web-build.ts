// Builds the dashboard (web/ → web/dist) when the build is missing or older than its sources,
// so `npm start` always serves the page that matches the checkout.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const webDir = fileURLToPath(new URL('../web/', import.meta.url))
export const webRoot = join(webDir, 'dist')

function newest(dir: string): number {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue
    const path = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return t
}

export async function buildWebIfNeeded(log: (line: string) => void): Promise<void> {
  const index = join(webRoot, 'index.html')
  if (existsSync(index) && statSync(index).mtimeMs >= newest(webDir)) return
  log('building the dashboard (web/ → web/dist) …')
  const { build } = await import('vite')
  await build({ configFile: join(webDir, 'vite.config.ts'), logLevel: 'warn' })
}
