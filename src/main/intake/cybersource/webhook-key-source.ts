/**
 * Where `clearpost serve` takes the webhook signing secret from. A command-line argument is visible to every
 * local user (`ps`, /proc/<pid>/cmdline), so the secret comes from an owner-only file (`--webhook-key-file`)
 * or the environment (`CLEARPOST_WEBHOOK_KEY`, readable only by the same user and root); `--webhook-key`
 * stays for tests and local trials, with a warning.
 */
import { readFileSync, statSync } from 'node:fs';

export const WEBHOOK_KEY_ENV = 'CLEARPOST_WEBHOOK_KEY';

export interface WebhookKeyInputs {
  /** `--webhook-key`: the secret itself (tests only). */
  readonly flag?: string | undefined;
  /** `--webhook-key-file`. */
  readonly file?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
}

export type WebhookKeyAnswer =
  | { readonly ok: true; readonly key: string | null; readonly warnings: readonly string[] }
  | { readonly ok: false; readonly message: string };

export function resolveWebhookKey(inputs: WebhookKeyInputs): WebhookKeyAnswer {
  const fromEnv = inputs.env[WEBHOOK_KEY_ENV];
  const given = [
    inputs.flag !== undefined && '--webhook-key',
    inputs.file !== undefined && '--webhook-key-file',
    fromEnv !== undefined && fromEnv !== '' && WEBHOOK_KEY_ENV,
  ].filter((name): name is string => name !== false);
  if (given.length > 1) {
    return { ok: false, message: `give the webhook key one way only, not ${given.join(' and ')}` };
  }
  if (inputs.flag !== undefined) {
    return {
      ok: true,
      key: nonEmpty(inputs.flag),
      warnings: [
        '--webhook-key shows the webhook secret to every user of this computer (ps); use ' +
          `--webhook-key-file or ${WEBHOOK_KEY_ENV} outside tests`,
      ],
    };
  }
  if (inputs.file !== undefined) return fromFile(inputs.file);
  if (fromEnv !== undefined && fromEnv !== '') return { ok: true, key: nonEmpty(fromEnv), warnings: [] };
  return { ok: true, key: null, warnings: [] };
}

function fromFile(path: string): WebhookKeyAnswer {
  let text: string;
  try {
    // Same rule as the vault key file: a secret others can read is refused, not used.
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
      return {
        ok: false,
        message: `the webhook key file ${path} can be read by other users; run \`chmod 600 ${path}\` and start again`,
      };
    }
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return { ok: false, message: `cannot read the webhook key file ${path} (${code})` };
  }
  const key = nonEmpty(text.replace(/^\uFEFF/, '').trim());
  if (key === null) return { ok: false, message: `the webhook key file ${path} is empty` };
  return { ok: true, key, warnings: [] };
}

function nonEmpty(text: string): string | null {
  return text === '' ? null : text;
}
