import { defineConfig } from 'vitest/config'

// Three projects: fast unit/integration tests in parallel; cluster tests (several relay processes)
// and browser tests (each drives a real Chromium against a real relay) one file at a time, as the
// CI machine has two cores.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: ['test/e2e/**', 'test/cluster/**'],
          testTimeout: 15_000,
          // Starting and closing a relay (its worker threads, its SQLite file) takes well under a second on
          // a quiet machine and has taken over 10 s on a saturated two-core one.
          hookTimeout: 30_000
        }
      },
      {
        // Several relay processes on the shared PostgreSQL and Redis: one file at a time, as they
        // start, kill and restart processes (and private redis-servers) on two cores.
        extends: true,
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 60_000
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 60_000
        }
      }
    ]
  }
})
