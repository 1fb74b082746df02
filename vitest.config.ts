import { defineConfig } from 'vitest/config';

/** Unit, property and server tests: every `*.test.ts` beside its code. e2e runs under Playwright. */
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'extension/**/*.test.ts', 'scripts/**/*.test.ts', 'harness/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
