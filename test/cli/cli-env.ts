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
    listDir: (path) => {
      const prefix = `${path.replace(/\/+$/, '')}/`;
      const names = Object.keys(files)
        .filter((file) => file.startsWith(prefix))
        .map((file) => file.slice(prefix.length).split('/')[0]!);
      if (names.length === 0) throw new Error(`ENOENT: no such folder '${path}'`);
      return [...new Set(names)];
    },
    openStore: async (settings) => openStore(settings),
    now: new Date('2026-09-01T10:00:00Z'),
  };
}
