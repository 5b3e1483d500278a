import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup/log-lines.ts'],
    // Routine INFO lines are for people running the stack, not for the test report.
    env: { LOG_LEVEL: 'warn' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Many files wait (on child processes, on loopback fakes with latency) more than they compute: three files
    // at a time keep both cores of a 2-core machine busy, where the default (cores - 1) runs one at a time.
    // Worker threads start and import faster than forked processes.
    pool: 'threads',
    maxWorkers: 3,
  },
});
