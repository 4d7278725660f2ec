/**
 * Test fixtures shared by the tests of every package, as OkHttp's {@code okhttp-testing-support}:
 * provider records, test servers and the stream bodies they answer with, and recorders. Fixtures
 * that need a package's non-public types stay in that package's tests.
 */
package dev.agent.testing;
