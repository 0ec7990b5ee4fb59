import { defineConfig } from 'vitest/config'

// Two projects: fast unit/integration tests in parallel, and browser tests one file at a time
// (each drives a real Chromium against a real relay; the CI machine has two cores).
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.{ts,tsx}'], exclude: ['test/e2e/**'], testTimeout: 15_000 }
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
