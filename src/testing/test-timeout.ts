// Tests run against real servers and Lambda environments, several files at once; on a loaded
// 2-core machine a test that takes 1 s alone can pass 5 s, Jest's default.
export const TEST_TIMEOUT_MS = 30_000;
