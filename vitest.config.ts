import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// The integration files whose servers come from startTestServer run three times: on an
// embedded file, on a libSQL server (sqld) over HTTP, and on an embedded replica of one
// (test/support/server.ts). A file that says "Storage: an embedded file only" runs once. Those
// runs mostly wait on their libSQL servers over loopback, so they come after the other projects,
// four files at a time.
const INTEGRATION = 'test/integration';
const integrationDir = new URL(`./${INTEGRATION}/`, import.meta.url);
const onEveryStorage = readdirSync(integrationDir)
  .filter((name) => name.endsWith('.test.ts'))
  .filter((name) => {
    const text = readFileSync(new URL(name, integrationDir), 'utf8');
    return text.includes('startTestServer(') && !text.includes('// Storage: an embedded file only');
  })
  .map((name) => `${INTEGRATION}/${name}`);
const onStorage = (storage: 'sqld' | 'replica') => ({
  test: {
    name: `integration-${storage}`,
    include: onEveryStorage,
    environment: 'node' as const,
    env: { HANDSHAKE_TEST_STORAGE: storage },
    sequence: { groupOrder: 1 },
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // The extension's React components in a DOM, the background answering through the real message protocol.
        plugins: [react()],
        test: {
          name: 'component',
          include: ['test/component/**/*.test.tsx'],
          environment: 'happy-dom',
          setupFiles: ['test/component/setup.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      onStorage('sqld'),
      onStorage('replica'),
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          // Builds the extension once for every browser test.
          globalSetup: ['test/e2e/build-extension.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
