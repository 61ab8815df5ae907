import { defineConfig } from 'vitest/config'

// chDB is one engine per process: every test file runs in its own forked process with its own
// temporary database directory.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts'],
  },
})
