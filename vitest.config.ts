import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: on the two cores of CI, a single worker. The integration
    // tests spend much of their time waiting on HTTP, SQLite and timers, so two files at a time take 72 s here where
    // one takes 110 s (and 102 s with another core kept busy).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 20_000
  }
})
