/**
 * Settings as a JSON file in the data folder, replaced whole on save (temporary file + rename), in every
 * mode: one format that serve mode, the desktop and the command line all read (electron-store was not
 * needed for that). A file that fails validation is never overwritten at start-up: Clearpost refuses to
 * start and says which entries are wrong.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { z } from 'zod';
import { writeFileAtomic } from '../lib/atomic-write';
import { migrateSettings, SettingsVersionError } from './migrations';
import { createRestartControl, type RestartControl } from './restart-control';
import { defaultSettings, SETTINGS_VERSION, settingsSchema, type Settings } from './schema';

export interface SettingsIssue {
  readonly path: string;
  readonly message: string;
}

export class SettingsError extends Error {
  constructor(
    message: string,
    readonly issues: readonly SettingsIssue[] = [],
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** Names the secrets typed where a reference belongs, before the schema says "unrecognized key". */
const PLAINTEXT_SECRET_KEYS = new Set(['clientSecret', 'password', 'secret', 'key', 'webhookKey']);

export function validateSettings(input: unknown): Settings {
  const issues: SettingsIssue[] = [];
  findPlaintextSecrets(input, [], issues);
  if (issues.length === 0) {
    const parsed = settingsSchema.safeParse(input);
    if (parsed.success) return parsed.data;
    issues.push(...describeIssues(parsed.error));
  }
  throw new SettingsError(
    `Settings not saved: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  );
}

function describeIssues(error: z.ZodError): SettingsIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(settings)',
    message: issue.message,
  }));
}

function findPlaintextSecrets(value: unknown, path: string[], issues: SettingsIssue[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => findPlaintextSecrets(item, [...path, String(index)], issues));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (PLAINTEXT_SECRET_KEYS.has(key) && typeof child === 'string') {
      issues.push({
        path: [...path, key].join('.'),
        message:
          'secrets are never stored in settings: store it in the vault (secrets.set) and name it in the ' +
          `matching ${key === 'password' ? 'passwordRef' : key === 'clientSecret' ? 'clientSecretRef' : 'keyRef'}`,
      });
    } else {
      findPlaintextSecrets(child, [...path, key], issues);
    }
  }
}

/** Called after a save with the new and the previous settings, or after a secret they name changed. */
export type SettingsListener = (settings: Settings, previous: Settings) => void;

export interface SettingsStore {
  get(): Settings;
  /** Validates, writes and returns the saved settings; throws SettingsError naming every problem. */
  save(input: unknown): Settings;
  /** Whether a save since start-up changed what is only read at start-up (see `startupPart`). */
  readonly restartRequired: boolean;
  /** Runs `listener` after every save (and every `announce`); returns the unsubscribe. */
  onChange(listener: SettingsListener): () => void;
  /** Tells listeners that something the settings name changed outside them (a vault secret). */
  announce(): void;
  /** The host's "Restart now", when it offers one (settings/restart-control.ts). */
  readonly restart: RestartControl;
}

export function loadSettings(path: string): Settings {
  if (!existsSync(path)) return defaultSettings();
  let raw: unknown;
  try {
    // Windows editors (Notepad before 2019, PowerShell's Out-File) start UTF-8 files with a byte order mark,
    // which JSON.parse refuses; it carries no content, so it is dropped.
    raw = JSON.parse(readFileSync(path, 'utf8').replace(/^\uFEFF/, ''));
  } catch {
    throw new SettingsError(
      `The settings file ${path} is not valid JSON. Fix it or move it aside; it was not changed.`,
    );
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SettingsError(`The settings file ${path} does not hold a settings object; it was not changed.`);
  }
  try {
    return validateSettings(migrateSettings(raw as Record<string, unknown>).doc);
  } catch (error) {
    if (error instanceof SettingsVersionError) throw new SettingsError(error.message);
    if (error instanceof SettingsError) {
      throw new SettingsError(
        `The settings file ${path} is invalid (it was not changed): ${error.message}`,
        error.issues,
      );
    }
    throw error;
  }
}

export function createSettingsStore(path: string): SettingsStore {
  let current = loadSettings(path);
  const atStart = JSON.stringify(startupPart(current));
  const listeners = new Set<SettingsListener>();
  const tell = (previous: Settings) => {
    // A listener's failure must not undo a save that is already on disk, nor starve the others.
    for (const listener of listeners) {
      try {
        listener(current, previous);
      } catch {
        /* each listener logs its own failures */
      }
    }
  };
  return {
    get: () => current,
    save(input) {
      const settings = validateSettings({ ...(input as object), version: SETTINGS_VERSION });
      writeFileAtomic(path, [Buffer.from(`${JSON.stringify(settings, null, 2)}\n`, 'utf8')]);
      const previous = current;
      current = settings;
      tell(previous);
      return settings;
    },
    get restartRequired() {
      return JSON.stringify(startupPart(current)) !== atStart;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    announce: () => tell(current),
    restart: createRestartControl(),
  };
}

/**
 * What is still read once at start-up: the connectors (and the engine's connection list) and the webhook
 * subscriptions of intake are built then, and rebuilding them under a running engine risks a posting in
 * flight. Facility time zones too, for now: the report service takes its zones once, in
 * reconciliation/setup-reports.ts (live-settings.ts has the live zones ready for it). Everything else
 * (routing, email, schedules, access) is applied on save.
 */
function startupPart(settings: Settings): unknown {
  // serve: the port and the metrics token file are read when serve mode starts listening.
  // service: which engine the desktop is a console of (its own, or a shared service's) is chosen at start.
  return {
    connections: settings.connections,
    webhooks: settings.webhooks,
    serve: settings.serve,
    service: settings.service,
  };
}
