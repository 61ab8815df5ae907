// The order in which `vitest run` hands test files to its two workers: longest first (each file's
// duration in test/durations.json, from a whole run of the suite), so the two workers end
// together instead of one running a long file alone at the end. vitest's own order is by its
// results cache, which a clean clone (CI) does not have; it then runs the largest files first,
// and a short file of slow tests (whatif-cli: 70 lines, ~30 s) could start last.
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

const durations = JSON.parse(readFileSync(new URL('../durations.json', import.meta.url), 'utf8')) as Record<string, number>

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root
    const ms = (f: TestSpecification): number => {
      const name = relative(root, f.moduleId)
      // A file not listed yet (new): its last duration in vitest's cache, else first (it may be long).
      return durations[name] ?? this.ctx.cache.getFileTestResults(`${f.project.name}:${name}`)?.duration ?? Infinity
    }
    return [...files].sort((a, b) => ms(b) - ms(a))
  }
}
