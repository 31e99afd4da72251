/** The V8 heap-growth setting: the flag it builds is one this Node's V8 knows, and the config carries it. */
import { spawnSync } from 'node:child_process';
import { applyHeapGrowth, heapGrowingFlag } from '../../src/app/heap-growth.js';
import { ConfigError, loadConfig } from '../../src/app/load-config.js';

const FILE = '/etc/cds.json';
const withFile = (config: Record<string, unknown>) => (path: string) => {
  if (path !== FILE) throw new Error(`ENOENT: ${path}`);
  return JSON.stringify({ baseUrl: 'https://cds.example.org', ...config });
};

/** node refuses an unknown V8 flag on its command line, while v8.setFlagsFromString ignores it silently. */
const nodeAccepts = (flag: string) =>
  spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' }).status === 0;

describe('heap growth', () => {
  it('builds a flag this Node accepts (a misspelt one would be ignored at run time)', () => {
    const flag = heapGrowingFlag(50)!;
    expect(flag).toBe('--heap-growing-percent=50');
    expect(nodeAccepts(flag)).toBe(true);
    expect(nodeAccepts('--heap-growing-percnt=50')).toBe(false);
  });

  it('sets the flag once, and leaves V8 alone for 0', () => {
    const set: string[] = [];
    applyHeapGrowth(80, (flag) => set.push(flag));
    applyHeapGrowth(0, (flag) => set.push(flag));
    expect(set).toEqual(['--heap-growing-percent=80']);
  });

  it('refuses a percent that is not a non-negative integer', () => {
    expect(() => heapGrowingFlag(-1)).toThrow(RangeError);
    expect(() => heapGrowingFlag(12.5)).toThrow(RangeError);
  });

  it('defaults to 50 and is checked like every config field', () => {
    expect(loadConfig({ CDS_CONFIG: FILE }, withFile({})).config.heapGrowingPercent).toBe(50);
    expect(
      loadConfig({ CDS_CONFIG: FILE }, withFile({ heapGrowingPercent: 0 })).config.heapGrowingPercent,
    ).toBe(0);
    for (const bad of [-5, 1.5, 301, '50']) {
      expect(() => loadConfig({ CDS_CONFIG: FILE }, withFile({ heapGrowingPercent: bad }))).toThrow(
        ConfigError,
      );
    }
  });
});
