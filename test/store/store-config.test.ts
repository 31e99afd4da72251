/** The store's settings: dataDir and retentionDays in the config file, DATABASE_URL in the environment. */
import { ConfigError, loadConfig, parseConfig } from '../../src/app/load-config.js';

const BASE = { baseUrl: 'https://cds.example.org' };

describe('store settings', () => {
  it('default to ./data and six years of retention', () => {
    const config = parseConfig(BASE, 'test');
    expect(config.dataDir).toBe('./data');
    expect(config.retentionDays).toBe(2190);
  });

  it('take dataDir and retentionDays from the file', () => {
    const config = parseConfig({ ...BASE, dataDir: '/var/lib/spect-cds', retentionDays: 30 }, 'test');
    expect(config).toMatchObject({ dataDir: '/var/lib/spect-cds', retentionDays: 30 });
  });

  it.each([
    [{ retentionDays: 0 }, 'retentionDays'],
    [{ retentionDays: 1.5 }, 'retentionDays'],
    [{ dataDir: '' }, 'dataDir'],
  ])('reject %j, naming the field', (bad, field) => {
    expect(() => parseConfig({ ...BASE, ...bad }, 'cfg.json')).toThrow(ConfigError);
    expect(() => parseConfig({ ...BASE, ...bad }, 'cfg.json')).toThrow(new RegExp(`- ${field}:`));
  });

  it('read DATABASE_URL from the environment, an empty one meaning SQLite', () => {
    expect(loadConfig({ DATABASE_URL: ' postgres://u:p@db:5432/cds ' }).databaseUrl).toBe(
      'postgres://u:p@db:5432/cds',
    );
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });
});
