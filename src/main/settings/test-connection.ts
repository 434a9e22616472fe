/**
 * "Test connection": the secret from the vault, a token from the EHR, then a lookup of an external id that
 * cannot exist, which reads and never writes. Each stage says what failed in words an analyst can act on.
 * Only a saved, enabled connection is tested, and its secret only if it was entered for the token URL (and
 * base URL) saved now: the test must not become a way to send a stored secret somewhere else.
 */
import { performance } from 'node:perf_hooks';
import type { ConnectionTestResult } from '../../shared/commands/settings';
import type { Clock } from '../clock';
import { createConnector } from '../connectors/ehr';
import type { Logger } from '../logger';
import { VaultError, type Vault } from '../vault/vault';
import type { ConnectionSetting } from './schema';
import { connectionBinding } from './secret-bindings';

const PROBE = { processorTxnId: 'CLEARPOST-CONNECTION-TEST', kind: 'one_time_payment' } as const;

export async function testConnection(
  connection: ConnectionSetting,
  deps: { readonly vault: Vault; readonly clock: Clock; readonly logger: Logger },
): Promise<ConnectionTestResult> {
  if (!connection.enabled) {
    return result(
      false,
      'disabled',
      `${connection.name} is disabled: enable it and save, then test it. Nothing was sent.`,
    );
  }
  let secret: string | null;
  try {
    secret = await deps.vault.get(connection.clientSecretRef, connectionBinding(connection));
  } catch (error) {
    if (error instanceof VaultError) return result(false, 'secret', error.message);
    throw error;
  }
  if (secret === null) {
    return result(
      false,
      'secret',
      `The client secret "${connection.clientSecretRef}" is not set in the vault.`,
    );
  }
  const { clientSecretRef: _ref, enabled: _enabled, ...config } = connection;
  const { connector, tokens } = createConnector({ ...config, clientSecret: secret }, deps);
  try {
    let started = performance.now();
    const token = await tokens.getToken();
    const tokenMs = Math.round(performance.now() - started);
    if (!token.ok) return result(false, 'token', `No token: ${token.error.message}`, tokenMs);
    started = performance.now();
    const lookup = await connector.lookup(connector.externalIdFor(PROBE));
    const lookupMs = Math.round(performance.now() - started);
    if (lookup.ok) {
      return result(
        true,
        'done',
        `Token accepted and lookup answered (${connection.name}).`,
        tokenMs,
        lookupMs,
      );
    }
    if (lookup.error.code === 'not_supported') {
      return result(true, 'done', 'Token accepted; this EHR offers no lookup to try.', tokenMs, lookupMs);
    }
    return result(
      false,
      'lookup',
      `Token accepted, but the lookup failed: ${lookup.error.message}`,
      tokenMs,
      lookupMs,
    );
  } finally {
    connector.close();
  }
}

function result(
  ok: boolean,
  stage: ConnectionTestResult['stage'],
  message: string,
  tokenMs: number | null = null,
  lookupMs: number | null = null,
): ConnectionTestResult {
  return { ok, stage, message, tokenMs, lookupMs };
}
