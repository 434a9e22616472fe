import pino, { type Logger } from 'pino';
import { redactFreeText, redactValue } from './lib/log-redaction';
import {
  createRotatingFile,
  DEFAULT_ROTATION,
  type RotatingFile,
  type RotatingFileHooks,
  type RotatingFileOptions,
} from './rotating-file';

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

/** A logger writing to a file, with the file's own health (lines dropped, rotations failed). */
export interface FileLogger {
  readonly logger: Logger;
  readonly file: RotatingFile;
}

function loggerOptions(level: string): pino.LoggerOptions {
  return {
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
}

/**
 * The one place a dropped log line is reported outside the log: once per process, on stderr (the log
 * itself cannot carry it). The count and the state are in the app's health status (`app.health`).
 */
let reportedOnStderr = false;
function reportOnStderr(file: string, code: string): void {
  if (reportedOnStderr) return;
  reportedOnStderr = true;
  try {
    process.stderr.write(
      `clearpost: cannot write the log file ${file} (${code}); log lines are dropped and counted until it can be written again.\n`,
    );
  } catch {
    // stderr closed too (a detached service): the count in the app's status remains.
  }
}

/**
 * One scoped logger for the main process: JSON lines to a size-rotated file under the data folder. Fields
 * are redacted by path, and every string (messages, error texts) has card numbers and labelled patient
 * identifiers masked. A line that cannot be written is dropped and counted, never thrown (rotating-file.ts).
 */
export function createFileLogger(
  file: string,
  level = 'info',
  rotation: RotatingFileOptions = DEFAULT_ROTATION,
  hooks: RotatingFileHooks = {},
): FileLogger {
  const sink = createRotatingFile(file, rotation, { onFirstFailure: reportOnStderr, ...hooks });
  return { logger: pino(loggerOptions(level), sink), file: sink };
}

export function createLogger(
  file: string | null,
  level = 'info',
  rotation: RotatingFileOptions = DEFAULT_ROTATION,
): Logger {
  if (file === null) return pino({ ...loggerOptions(level), level: 'silent' });
  return createFileLogger(file, level, rotation).logger;
}
