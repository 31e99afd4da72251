/** How many worker processes the service runs: CDS_WORKERS, else the file's `workers`, else one. */
import { ConfigError, loadConfig } from '../../src/app/load-config.js';

const FILE = '/etc/cds.json';
const withFile = (config: Record<string, unknown>) => (path: string) => {
  if (path !== FILE) throw new Error(`ENOENT: ${path}`);
  return JSON.stringify({ baseUrl: 'https://cds.example.org', ...config });
};

describe('workers', () => {
  it('defaults to one process, with a config file and in demo mode', () => {
    expect(loadConfig({ CDS_CONFIG: FILE }, withFile({})).workers).toBe(1);
    expect(loadConfig({}, withFile({})).workers).toBe(1);
  });

  it('takes the file’s `workers`, and CDS_WORKERS over it', () => {
    expect(loadConfig({ CDS_CONFIG: FILE }, withFile({ workers: 3 })).workers).toBe(3);
    expect(loadConfig({ CDS_CONFIG: FILE, CDS_WORKERS: '2' }, withFile({ workers: 3 })).workers).toBe(2);
  });

  it('rejects a CDS_WORKERS or `workers` that is not a positive integer', () => {
    for (const bad of ['0', '-1', '1.5', 'many', '257']) {
      expect(() => loadConfig({ CDS_CONFIG: FILE, CDS_WORKERS: bad }, withFile({}))).toThrow(ConfigError);
    }
    expect(() => loadConfig({ CDS_CONFIG: FILE }, withFile({ workers: 0 }))).toThrow(/workers/);
  });
});
