import { defineConfig } from 'vitest/config';

/** Browser journeys against the whole system started as `npm start` would. */
export default defineConfig({
  test: {
    name: 'e2e',
    root: import.meta.dirname,
    include: ['journeys/**/*.e2e.test.ts'],
    globalSetup: ['support/server.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One browser at a time: the machine has two cores and the server needs one.
    fileParallelism: false,
  },
});
