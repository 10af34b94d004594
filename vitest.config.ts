import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const alias = { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) }

// Unit tests sit beside the code; integration and simulation suites live under test/.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: [
            'shared/**/*.test.ts',
            'electron/**/*.test.ts',
            'server/**/*.test.ts',
            'renderer/**/*.test.{ts,tsx}',
          ],
          environment: 'node',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: [
            'test/sync/**/*.test.ts',
            'test/server/**/*.test.ts',
            'test/sim/**/*.test.ts',
            'test/package/**/*.test.ts',
            'test/lint/**/*.test.ts',
          ],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
