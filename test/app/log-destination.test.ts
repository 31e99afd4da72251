/**
 * The log destination on real pipes: a line reaches the reader; once the reader has gone the destination stops
 * (EPIPE), drops later lines without throwing, and neither drained() nor the exit-time flushSync() waits on it.
 */
import { spawn } from 'node:child_process';
import { LogDestination } from '../../src/app/log-destination.js';

/** A child process whose stdin is our pipe: `cat` echoes it back on its stdout. */
function pipeReader() {
  const child = spawn('cat', [], { stdio: ['pipe', 'pipe', 'ignore'] });
  const fd = (child.stdin as unknown as { _handle: { fd: number } })._handle.fd;
  let read = '';
  child.stdout.on('data', (chunk: Buffer) => {
    read += chunk.toString('utf8');
  });
  return { child, fd, read: () => read };
}

describe('LogDestination', () => {
  it('writes lines to a reader, then drops them without blocking once the reader is gone', async () => {
    const reader = pipeReader();
    const destination = new LogDestination({ fd: reader.fd, maxQueuedBytes: 1024 * 1024 });
    destination.write('{"msg":"first"}\n');
    expect(await destination.drained(2_000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reader.read()).toBe('{"msg":"first"}\n');

    reader.child.kill('SIGKILL');
    await new Promise((resolve) => reader.child.once('exit', resolve));
    const started = Date.now();
    for (let i = 0; i < 100; i++) expect(destination.write(`{"i":${i}}\n`)).toBe(true);
    expect(await destination.drained(2_000)).toBe(true);
    destination.write('{"msg":"at exit"}\n');
    destination.flushSync();
    expect(Date.now() - started).toBeLessThan(1_000);
    // EPIPE, or EBADF once Node has closed its end of the dead child's pipe.
    expect(destination.failedWith).toMatch(/^(EPIPE|EBADF)$/);
    expect(destination.dropped).toBeGreaterThan(0);
    reader.child.stdin.destroy();
  });

  it('drops lines beyond its queue bound rather than growing', () => {
    const destination = new LogDestination({ fd: 2 ** 20, maxQueuedBytes: 100 });
    for (let i = 0; i < 10; i++) destination.write(`${'x'.repeat(40)}\n`);
    expect(destination.dropped).toBeGreaterThanOrEqual(8);
  });
});
