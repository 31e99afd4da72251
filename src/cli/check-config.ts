/**
 * `check-config <file>`: the validation the server runs at start-up (same schema, same messages), plus warnings
 * for settings that are valid but will not work as the operator probably intends.
 */
import { readFileSync } from 'node:fs';
import { parseConfig } from '../app/load-config.js';
import { isPlaceholder, type ServiceConfig } from '../config.js';
import { CliError } from './cli-error.js';

export interface ConfigCheck {
  config: ServiceConfig;
  warnings: string[];
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
}

/** Every string setting still holding a template placeholder, by its path ("payer.identifiers[0].value"). */
function placeholders(value: unknown, path: string, found: string[]): string[] {
  if (typeof value === 'string') {
    if (isPlaceholder(value)) found.push(`${path || '(root)'}: "${value}" is a placeholder; fill it in`);
  } else if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) placeholders(item, `${path}[${i}]`, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) placeholders(item, path ? `${path}.${key}` : key, found);
  }
  return found;
}

export function configWarnings(config: ServiceConfig): string[] {
  // Keys are refused outright when they hold one (src/config.ts); anywhere else the setting just cannot work.
  const warnings: string[] = placeholders(config, '', []);
  if (config.clients.length === 0) {
    warnings.push('no clients are registered: discovery works, but every hook call will get 401');
  }
  config.clients.forEach((client, i) => {
    const name = `clients[${i}] (${client.iss})`;
    if (!client.jwks && !client.jwksUri && client.jku.length === 0) {
      warnings.push(
        `${name}: neither jwks, jwksUri nor jku is set, so no token of this client can be verified`,
      );
    }
    if (client.fhirServers.length === 0) {
      warnings.push(
        `${name}: no fhirServers, so the service can never query this EHR; every call must bring full prefetch`,
      );
    }
    for (const server of client.fhirServers) {
      if (server.startsWith('http:') && !isLocal(server)) {
        warnings.push(`${name}: FHIR server ${server} is plain http; access tokens would travel unencrypted`);
      }
    }
  });
  if (config.payer.identifiers.length === 0) {
    warnings.push(
      'payer.identifiers is empty: no Coverage can name this payer, so every hook call with a spine SPECT in scope gets 400 (CRD hook-13)',
    );
  }
  if (config.payer.withoutCoverage === 'cards') {
    warnings.push(
      'payer.withoutCoverage is "cards": a call without Coverage gets cards instead of the 400 CRD hook-13 asks for',
    );
  }
  if (config.baseUrl.startsWith('http:') && !isLocal(config.baseUrl)) {
    warnings.push(`baseUrl ${config.baseUrl} is plain http; EHRs must call the service over https`);
  }
  if (config.allowUnsignedLoopback) {
    warnings.push(
      'allowUnsignedLoopback is on: unsigned hook calls from this machine are accepted (development only)',
    );
  }
  return warnings;
}

export function checkConfigFile(
  file: string,
  read = (path: string) => readFileSync(path, 'utf8'),
): ConfigCheck {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CliError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    const config = parseConfig(raw, file);
    return { config, warnings: configWarnings(config) };
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

export function formatConfigCheck(file: string, check: ConfigCheck): string {
  const { config, warnings } = check;
  const lines = [
    `${file}: valid`,
    `  baseUrl: ${config.baseUrl}`,
    `  clients: ${config.clients.map((client) => client.iss).join(', ') || '(none)'}`,
    `  insurer: ${config.insurerName}; FHIR budget ${config.fhirTimeoutMs} ms`,
  ];
  for (const warning of warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
