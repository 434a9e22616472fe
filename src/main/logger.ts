import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths redacted from every log line. Log calls pass structured fields, never interpolated strings,
 * so that these paths catch secrets and patient identifiers wherever they appear.
 */
export const REDACT_PATHS = [
  'token',
  'accessToken',
  'clientSecret',
  'password',
  'authorization',
  'headers.authorization',
  '*.authorization',
  'secret',
  '*.secret',
  'guarantorAccount',
  '*.guarantorAccount',
  'encounterId',
  '*.encounterId',
  'patientName',
  '*.patientName',
];

/** One scoped logger for the main process: JSON lines to a file under the data folder. */
export function createLogger(file: string | null, level = 'info'): Logger {
  const options = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'clearpost' },
  };
  if (file === null) return pino({ ...options, level: 'silent' });
  mkdirSync(dirname(file), { recursive: true });
  return pino(options, pino.destination({ dest: file, append: true, sync: false, mkdir: true }));
}
