import { configDefaults, defineConfig } from 'vitest/config';

const integration = (name: string, globalSetup: string, exclude: string[] = []) => ({
  test: {
    name,
    include: ['apps/server/test/**/*.int.test.ts'],
    exclude: [...configDefaults.exclude, ...exclude],
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
      // The embedded launcher's own tests start their own servers: once is enough.
      ...(process.env.TEST_DATABASE_URL
        ? [integration('integration:external', 'apps/server/test/setup/external.global.ts', ['apps/server/test/embedded.int.test.ts'])]
        : []),
    ],
  },
});
