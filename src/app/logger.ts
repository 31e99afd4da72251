/**
 * The service logger: JSON lines (pino). Redaction is a second line of defence; the first is that request logging
 * never passes headers, bodies or tokens to the logger at all.
 */
import pino, { type DestinationStream, type Logger } from 'pino';
import { stdoutDestination } from './log-destination.js';

export const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  'fhirAuthorization',
  '*.fhirAuthorization',
  'access_token',
  '*.access_token',
  'token',
  '*.token',
];

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'spect-spine-cds' },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    // Never pino's default: its exit-time flush retries a write to a closed pipe for ever (src/app/log-destination.ts).
    options.destination ?? stdoutDestination(),
  );
}
