/**
 * Jest test sequencer: jest's own order, except that the files listed here start first, each in a fresh worker.
 *
 * Why: nock patches node:http through @mswjs/interceptors, and in some orders a patch from an earlier file in the
 * same worker survives (http.request stays a proxy), which turns off keep-alive under the client. The FHIR
 * transport's test asserts keep-alive reuse over real sockets, so it must run before any file that loads nock.
 */
const Sequencer = require('@jest/test-sequencer').default;

const REAL_SOCKETS_FIRST = ['/test/data/fhir-http-transport.test.ts'];

class RealSocketsFirst extends Sequencer {
  sort(tests) {
    const ordered = super.sort(tests);
    const first = (test) => REAL_SOCKETS_FIRST.some((path) => test.path.endsWith(path));
    return [...ordered.filter(first), ...ordered.filter((test) => !first(test))];
  }
}

module.exports = RealSocketsFirst;
