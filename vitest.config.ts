import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';

// Tests in subfolders of tests/dashboard need no server: they run in jsdom, without PostgreSQL or a build.
// tests/dashboard/e2e.test.ts drives the real app in Chromium and stays with the node tests.
const DASHBOARD_UNIT_TESTS = 'tests/dashboard/*/**';

export default defineConfig({
  test: {
    // Files that start servers are heavy; two cores, so two at a time.
    maxWorkers: 2,
    projects: [
      {
        test: {
          name: 'node',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, DASHBOARD_UNIT_TESTS],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          maxWorkers: 2,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'dashboard',
          include: [`${DASHBOARD_UNIT_TESTS}/*.test.{ts,tsx}`],
          environment: 'jsdom',
          setupFiles: ['tests/dashboard/setup.ts'],
        },
      },
    ],
  },
});
