// The folders' import rule (docs/architecture.md, "Folders and imports"), read from the import
// specifiers of every source file so it cannot rot silently: core/ imports only core/; ingest/
// and api/ import core/ and never each other; cli/ imports ingest/ and core/, never api/; web/
// takes only row types from api/. bin/, bench/ and test/ may import anything. Also: only
// core/config.ts reads process.env, and the architecture's folder tree lists exactly the files.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Repository-relative paths of the source files under a folder (no node_modules, no build). */
function sources(folder: string): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`
      if (entry.isDirectory()) { if (entry.name !== 'node_modules' && entry.name !== 'dist') walk(path) }
      else if (/\.(ts|mjs)$/.test(entry.name)) out.push(path)
    }
  }
  walk(folder)
  return out.sort()
}

interface Edge { from: string; to: string; typeOnly: boolean }

/** Every relative import of a file: static (also multi-line and `export … from`), bare and dynamic. */
function imports(file: string): Edge[] {
  const text = readFileSync(join(root, file), 'utf8')
  const found: { spec: string; typeOnly: boolean }[] = []
  for (const m of text.matchAll(/^\s*(?:import|export)\s+(type\s+)?[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm)) found.push({ spec: m[2]!, typeOnly: Boolean(m[1]) })
  for (const m of text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)) found.push({ spec: m[1]!, typeOnly: false })
  for (const m of text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false })
  return found
    .filter((f) => f.spec.startsWith('.'))
    .map((f) => ({ from: file, to: relative(root, resolve(root, dirname(file), f.spec)).split('\\').join('/'), typeOnly: f.typeOnly }))
}

const top = (path: string) => path.split('/')[0]!

// Which top-level folders each folder may import (its own included).
const rule: Record<string, string[]> = {
  core: ['core'],
  ingest: ['ingest', 'core'],
  api: ['api', 'core'],
  cli: ['cli', 'ingest', 'core'],
  web: ['web'],
}

const edges = Object.keys(rule).flatMap((folder) => sources(folder).flatMap(imports))

describe('layout', () => {
  it('finds the imports it checks', () => {
    // A scanner that finds nothing would pass every rule below.
    expect(edges.length).toBeGreaterThan(80)
    expect(edges).toContainEqual({ from: 'cli/commands/ingest.ts', to: 'ingest/pipeline.ts', typeOnly: false })
    expect(edges).toContainEqual({ from: 'api/routes/exports.ts', to: 'core/exports.ts', typeOnly: false })
  })

  it('keeps every folder to the folders it may import', () => {
    const broken = edges
      .filter((e) => !rule[top(e.from)]!.includes(top(e.to)))
      // The page reads the API's row types (erased at build time), nothing else of the server.
      .filter((e) => !(top(e.from) === 'web' && e.typeOnly && e.to.startsWith('api/routes/')))
      .map((e) => `${e.from} → ${e.to}`)
    expect(broken).toEqual([])
  })

  it('reads process.env in core/config.ts only', () => {
    const readers = ['core', 'ingest', 'api', 'cli', 'bin', 'web/src'].flatMap(sources)
      .filter((f) => /process\.env\b/.test(readFileSync(join(root, f), 'utf8')))
    expect(readers).toEqual(['core/config.ts'])
  })

  it('shows exactly the source files in docs/architecture.md\'s folder tree', () => {
    const doc = readFileSync(join(root, 'docs/architecture.md'), 'utf8')
    const block = /## Folders and imports[\s\S]*?```\n([\s\S]*?)```/.exec(doc)?.[1]
    expect(block).toBeDefined()
    const listed: string[] = []
    const stack: string[] = []
    for (const line of block!.split('\n')) {
      const m = /^( *)(\S+)/.exec(line)
      if (!m) continue
      const depth = m[1]!.length / 2
      stack.length = depth
      const name = m[2]!
      if (name.endsWith('/')) stack.push(name.slice(0, -1))
      else listed.push([...stack, name].join('/'))
    }
    const shown = ['core', 'ingest', 'api', 'cli', 'bin']
    expect(listed.filter((f) => shown.includes(top(f))).sort()).toEqual(shown.flatMap(sources).sort())
  })
})
