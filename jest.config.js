/** Jest runs the TypeScript sources as ESM through ts-jest; type errors are caught by `npm run typecheck`. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true }] },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/support/http-isolation.ts'],
  testSequencer: '<rootDir>/test/support/real-sockets-first.cjs',
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
