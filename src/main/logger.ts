import pino, { type Logger } from 'pino';
import { redactFreeText, redactValue } from './log-redaction';
import { createRotatingFile, DEFAULT_ROTATION, type RotatingFileOptions } from './rotating-file';

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
  '*.password',
  '*.clientSecret',
  '*.token',
  '*.accessToken',
  'passphrase',
  'cookie',
  'headers.cookie',
  'headers["set-cookie"]',
  'ssn',
  '*.ssn',
  'mrn',
  '*.mrn',
];

/**
 * One scoped logger for the main process: JSON lines to a size-rotated file under the data folder. Fields
 * are redacted by path, and every string (messages, error texts) has card numbers and labelled patient
 * identifiers masked.
 */
export function createLogger(
  file: string | null,
  level = 'info',
  rotation: RotatingFileOptions = DEFAULT_ROTATION,
): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: { app: 'clearpost' },
    formatters: { log: (object) => redactValue(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((arg) => (typeof arg === 'string' ? redactFreeText(arg) : arg));
        method.apply(this, redacted as Parameters<typeof method>);
      },
    },
  };
  if (file === null) return pino({ ...options, level: 'silent' });
  return pino(options, createRotatingFile(file, rotation));
}
