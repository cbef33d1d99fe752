/**
 * Jest runs the TypeScript sources as ESM through ts-jest, in two projects:
 * - `unit`: in-process tests only (no child processes, no system tools, no build needed), fast
 *   enough to run on every change: `npm run test:unit`.
 * - `system`: the built exporter as a process, faults, the end-to-end stack, and everything that
 *   runs a system tool (promtool, Prometheus, Alertmanager, Chromium, openssl, kubectl).
 * `npm test` runs both.
 */
import { readFileSync } from 'node:fs';

const { systemDirs: SYSTEM_DIRS, systemFiles: SYSTEM_FILES } = JSON.parse(
  readFileSync(new URL('./test/jest-projects.json', import.meta.url), 'utf8'),
);
const regexEscape = (path) => path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const common = {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // fast-check's global settings: every property failure is reported with its seed.
  setupFilesAfterEnv: ['<rootDir>/test/setup/fast-check.ts', '<rootDir>/test/setup/assertions.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
};

export default {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testPathIgnorePatterns: [
        '/node_modules/',
        ...SYSTEM_DIRS.map((dir) => `<rootDir>/test/${dir}/`),
        ...SYSTEM_FILES.map((file) => `<rootDir>/test/${regexEscape(file)}$`),
      ],
    },
    {
      ...common,
      displayName: 'system',
      testMatch: [
        ...SYSTEM_DIRS.map((dir) => `<rootDir>/test/${dir}/**/*.test.ts`),
        ...SYSTEM_FILES.map((file) => `<rootDir>/test/${file}`),
      ],
    },
  ],
  coverageProvider: 'v8',
  collectCoverageFrom: ['src/**/*.ts'],
  testTimeout: 30000,
  // Integration tests start processes and bind ports; two cores, so two workers.
  maxWorkers: 2,
};
