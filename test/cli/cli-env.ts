/** A CliEnv over an in-memory set of files, for calling the CLI without touching the process. */
import type { CliEnv } from '../../src/cli/main.js';
import { openStore } from '../../src/store/open-store.js';

export function cliEnv(files: Record<string, string>, env: Record<string, string> = {}): CliEnv {
  return {
    env,
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file '${path}'`);
      return text;
    },
    openStore: async (settings) => openStore(settings),
    now: new Date('2026-09-01T10:00:00Z'),
  };
}
