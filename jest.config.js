// Two projects: `unit` (*.spec.ts beside the code, fakes allowed) and `e2e`
// (apps/<app>/test/*.e2e-spec.ts and test/gateway/, real servers only: MongoDB wire, Kafka,
// PostgreSQL, nginx).
const shared = {
  rootDir: __dirname,
  moduleFileExtensions: ['js', 'json', 'ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  moduleNameMapper: {
    '^@app/([a-z-]+)(/.*)?$': '<rootDir>/libs/$1/src$2',
    // Tests and bench reach an app's modules by alias, never by a relative path into apps/.
    '^@apps/([a-z-]+)/(.*)$': '<rootDir>/apps/$1/src/$2',
    '^@test/(.*)$': '<rootDir>/test/$1',
    '^content-disposition$': '<rootDir>/test/jest/content-disposition.js',
  },
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/src/**/*.spec.ts', '<rootDir>/{test,bench}/**/*.spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/*/test/**/*.e2e-spec.ts', '<rootDir>/test/gateway/**/*.e2e-spec.ts', '<rootDir>/test/observability/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/e2e/jest-timeout.ts'],
    },
  ],
};
