// Jest runs in its native ESM mode (node --experimental-vm-modules): Nest 12, MikroORM 7 and most of their
// dependencies are ES modules. SWC strips types and keeps decorator metadata, which Nest's DI reads.
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

/** Suites that boot services and talk to real stores: a generous guard against hangs, not a speed check. */
const SERVICE_TEST_TIMEOUT_MS = 30_000;

const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@shotcaller/(contracts|auth|messaging|persistence|observability|testing)$':
      '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/libs/testing/src/preload-esm.ts'],
};

/** @type {import('jest').Config} */
export default {
  // Jest reads testTimeout only at the top level (a project's own is ignored), so it covers unit suites too.
  testTimeout: SERVICE_TEST_TIMEOUT_MS,
  // Modules loaded through the VM-modules loader are never freed, so one process running every suite in turn
  // grows past Node's heap limit. Setting a limit runs suites in a worker (one, on two cores, still one suite at a
  // time) that is replaced once it holds more than this after a suite.
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/test/unit/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'integration',
      testMatch: ['<rootDir>/apps/*/test/**/*.int-spec.ts', '<rootDir>/libs/*/test/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/global-setup.mjs',
      globalTeardown: '<rootDir>/libs/testing/global-teardown.mjs',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/global-setup.mjs',
      globalTeardown: '<rootDir>/libs/testing/global-teardown.mjs',
    },
  ],
};
