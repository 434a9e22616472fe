/**
 * Webhook subscriptions come from settings (secret in the vault); a subscription given on the command line
 * (`serve --webhook-*`) replaces the saved one with the same key id, and the others stay.
 */
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/main/app';
import { dataLayout } from '../../../src/main/paths';
import { webhookBinding } from '../../../src/main/settings/secret-bindings';
import { createSettingsStore } from '../../../src/main/settings/settings-store';
import { mergeSubscriptions } from '../../../src/main/settings/webhook-overrides';
import { defaultVault } from '../../../src/main/trust/setup-trust';
import { silentLogger } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';
import { envelope, payload, signedHeaders } from '../intake/webhook-helper';

const tempDir = useTempDirs();
const secret = (text: string) => Buffer.from(text).toString('base64');
const SAVED_KEY = secret('the key saved in settings, 0123456789');
const FLAG_KEY = secret('the key given on the command line, 0123');
const OTHER_KEY = secret('a second subscription of the site, 0123');

describe('mergeSubscriptions', () => {
  it('replaces a saved subscription by key id and keeps the rest', () => {
    const merged = mergeSubscriptions(
      [
        { keyId: 'a', key: 'saved-a' },
        { keyId: 'b', key: 'saved-b' },
      ],
      [
        { keyId: 'a', key: 'flag-a' },
        { keyId: 'c', key: 'flag-c' },
      ],
    );
    expect(merged.overridden).toEqual(['a']);
    expect(merged.subscriptions.map((s) => `${s.keyId}=${s.key}`).sort()).toEqual([
      'a=flag-a',
      'b=saved-b',
      'c=flag-c',
    ]);
  });
});

describe('saved webhook subscriptions with a command-line override', () => {
  it('checks notifications with the override for its key id and the saved key for the others', async () => {
    const dataDir = tempDir();
    const layout = dataLayout(dataDir);
    const settings = createSettingsStore(layout.settings);
    const vault = await defaultVault(layout, {});
    const saved = [
      { keyId: 'key-test-1', webhookId: 'wh-7a1c', keyRef: 'webhook.key-test-1.key' },
      { keyId: 'key-other', keyRef: 'webhook.key-other.key' },
    ];
    settings.save({ ...settings.get(), webhooks: saved });
    await vault.set(saved[0]!.keyRef, SAVED_KEY, webhookBinding(saved[0]!));
    await vault.set(saved[1]!.keyRef, OTHER_KEY, webhookBinding(saved[1]!));
    const app = await createApp({
      dataDir,
      mode: 'test',
      logger: silentLogger,
      webhookSubscriptions: [{ keyId: 'key-test-1', key: FLAG_KEY, webhookId: 'wh-7a1c' }],
    });
    try {
      const body = envelope(payload());
      const raw = JSON.stringify(body);
      // The saved key of the overridden key id no longer opens anything.
      const withSaved = await app.intake.webhook(raw, signedHeaders(body, Date.now(), { key: SAVED_KEY }));
      expect(withSaved.status).toBe(401);
      expect(app.repos.events.count()).toBe(0);

      const withFlag = await app.intake.webhook(raw, signedHeaders(body, Date.now(), { key: FLAG_KEY }));
      expect(withFlag.status).toBe(200);
      expect(app.repos.events.count()).toBe(1);

      // The other saved subscription is still checked with its own key from the vault.
      const second = envelope(
        payload({ id: '7412345678901234567899', _links: { self: { href: '/pts/v2/captures/9' } } }),
        { webhookId: undefined, transactionTraceId: 'trace-2' },
      );
      const answer = await app.intake.webhook(
        JSON.stringify(second),
        signedHeaders(second, Date.now(), { key: OTHER_KEY, keyId: 'key-other' }),
      );
      expect(answer.body).toMatchObject({ ok: true, outcome: 'stored' });
      expect(app.repos.events.count()).toBe(2);
    } finally {
      await app.close();
    }
  });
});
