/**
 * Serve mode's own settings (the `serve` section of settings.json): a fixed port and the metrics token's
 * file. Command-line options win over both, so a systemd unit can still say everything itself.
 */
import { readFileSync } from 'node:fs';
import { dataLayout } from './paths';
import { loadSettings } from './settings/settings-store';

/** Shorter than this, a token could be guessed by a scraper trying; 16 bytes of hex or base64 pass. */
const MIN_METRICS_TOKEN = 16;

export interface ServeSettings {
  readonly port: number | null;
  readonly metricsTokenFile: string | null;
}

export function serveSettings(dataDir: string): ServeSettings {
  return loadSettings(dataLayout(dataDir).settings).serve;
}

export type MetricsTokenResult =
  { readonly ok: true; readonly token: string } | { readonly ok: false; readonly message: string };

/** The file's first line, as Prometheus's `bearer_token_file` reads its own copy. */
export function readMetricsToken(file: string): MetricsTokenResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code ?? 'unreadable';
    return { ok: false, message: `cannot read the metrics token file ${file} (${code})` };
  }
  const token = (text.split(/\r?\n/)[0] ?? '').trim();
  if (token.length < MIN_METRICS_TOKEN)
    return {
      ok: false,
      message: `the metrics token in ${file} is shorter than ${String(MIN_METRICS_TOKEN)} characters`,
    };
  if (!/^[\x21-\x7e]+$/.test(token))
    return { ok: false, message: `the metrics token in ${file} has characters a header cannot carry` };
  return { ok: true, token };
}
