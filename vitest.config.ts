import { defineConfig } from 'vitest/config'
import LongestFirst from './test/support/sequencer.ts'

// chDB is one engine per process: every test file runs in its own forked process with its own
// temporary database directory. Files start longest first (test/support/sequencer.ts).
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts'],
    sequence: { sequencer: LongestFirst },
  },
})
