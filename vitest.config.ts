import { defineConfig } from 'vitest/config';

const integration = (name: string, globalSetup: string) => ({
  test: {
    name,
    include: ['apps/server/test/**/*.int.test.ts'],
    globalSetup: [globalSetup],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

/**
 * Unit tests, and the integration suite against a real PostgreSQL: always the
 * embedded one, and also the server in TEST_DATABASE_URL when it is set, so
 * both are proven by the same tests.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['apps/server/src/**/*.test.ts', 'apps/web/src/**/*.test.ts', 'packages/**/src/**/*.test.ts'] } },
      integration('integration:embedded', 'apps/server/test/setup/embedded.global.ts'),
      ...(process.env.TEST_DATABASE_URL ? [integration('integration:external', 'apps/server/test/setup/external.global.ts')] : []),
    ],
  },
});
