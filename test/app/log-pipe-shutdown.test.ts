/**
 * Issue 17 on a real process: the built service runs with piped stdout/stderr; the reader of its logs goes away
 * (the parent destroys its ends of both pipes), then SIGTERM. The process must still exit within the shutdown
 * bound (shutdownGraceMs plus the flush bound), with code 0 since its store flushed, and until then it still answers
 * requests (whose log lines go nowhere). Before the fix it never
 * exited: the log destination's exit-time flush retried the write to the closed pipe for ever.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SHUTDOWN_FLUSH_BOUND_MS } from '../../src/app/graceful-shutdown.js';
import { buildService, freePort, REPO } from '../store/crash/service-process.js';

const GRACE_MS = 1_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGTERM after the log pipe is gone', () => {
  let server: string;
  let dir: string;

  beforeAll(() => {
    server = buildService('spect-cds-log-pipe-test');
    dir = mkdtempSync(join(tmpdir(), 'cds-log-pipe-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ends the process within shutdownGraceMs plus the flush bound, exit code 0', async () => {
    const port = await freePort();
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({ baseUrl: `http://127.0.0.1:${port}`, dataDir: dir, shutdownGraceMs: GRACE_MS }),
    );
    const child = spawn(process.execPath, [server], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), LOG_LEVEL: 'info', CDS_CONFIG: config },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    try {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const up = await fetch(`http://127.0.0.1:${port}/cds-services`).then(
          (res) => res.ok,
          () => false,
        );
        if (up) break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error('service did not start');
        await sleep(50);
      }
      // Written after discovery answered, so the logger has been writing to the pipe for a while.
      await sleep(1_000);
      child.stdout.destroy();
      child.stderr.destroy();
      await sleep(100);
      // With nobody reading its logs, the service still answers (each request writes a log line).
      for (let i = 0; i < 20; i++) {
        expect((await fetch(`http://127.0.0.1:${port}/cds-services`)).status).toBe(200);
        expect(
          (await fetch(`http://127.0.0.1:${port}/cds-services/no-such-service`, { method: 'POST' })).status,
        ).toBe(404);
      }
      const signalled = Date.now();
      child.kill('SIGTERM');
      const bound = GRACE_MS + SHUTDOWN_FLUSH_BOUND_MS + 2_000;
      let timer: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([
        exited,
        new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), bound);
        }),
      ]);
      clearTimeout(timer);
      expect(outcome).toBeDefined();
      expect(outcome?.code).toBe(0);
      expect(outcome!.at - signalled).toBeLessThan(bound);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, 40_000);
});
