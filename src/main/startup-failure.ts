/**
 * What the command line prints when a command cannot start: one plain sentence, never a stack trace (an
 * operator reads it, and a stack trace says nothing to them while hiding the one line that does). The
 * details go to the data folder's log file, when there is a data folder to log in.
 */
import { existsSync } from 'node:fs';
import { createLogger } from './logger';
import { dataLayout } from './paths';
import { SettingsError } from './settings/settings-store';
import { StoreError } from './store/store-error';

const SYSTEM_REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EADDRINUSE: 'the port is already in use',
  EADDRNOTAVAIL: 'that address is not on this computer',
};

/** The sentence for `error`; the full error is logged under `dataDir` when that folder exists. */
export function startupFailure(error: unknown, dataDir: string): string {
  if (error instanceof StoreError || error instanceof SettingsError || isArgumentError(error)) {
    return firstLine(error.message);
  }
  const logged = logDetails(error, dataDir);
  const sentence = systemSentence(error) ?? firstLine(error instanceof Error ? error.message : String(error));
  return logged ? `${sentence} (details in ${logged})` : sentence;
}

/** parseArgs' errors (unknown option, missing value) are the user's to fix and say so themselves. */
function isArgumentError(error: unknown): error is Error {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS');
}

function systemSentence(error: unknown): string | null {
  if (!(error instanceof Error)) return null;
  const { code, path, port, address } = error as NodeJS.ErrnoException & { port?: number; address?: string };
  const reason = code ? SYSTEM_REASONS[code] : undefined;
  if (!code || !reason) return null;
  if (path) return `Clearpost cannot use ${path}: ${reason} (${code}).`;
  if (port !== undefined)
    return `Clearpost cannot listen on ${address ?? ''}:${String(port)}: ${reason} (${code}).`;
  return `Clearpost could not start: ${reason} (${code}).`;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}

function logDetails(error: unknown, dataDir: string): string | null {
  // A mistyped --data-dir must not be created just to hold this message.
  if (!existsSync(dataDir)) return null;
  const file = dataLayout(dataDir).logFile;
  try {
    createLogger(file).error({ err: error }, 'clearpost could not start');
    return file;
  } catch {
    return null;
  }
}
