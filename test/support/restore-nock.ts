/**
 * Run in every test file (jest setupFilesAfterEnv). nock patches node:http for the whole jest worker process, but each
 * test file loads its own copy of nock, so without a restore at the end of each file the copies stack up: later files
 * then send even real loopback requests through several layers of mock sockets, which breaks keep-alive reuse and
 * reports socket errors nobody listens for. Importing nock here makes it the same copy the test file uses.
 */
import nock from 'nock';

afterAll(() => {
  nock.restore();
});
