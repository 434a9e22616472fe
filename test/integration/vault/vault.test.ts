import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/main/app';
import { createServeVault } from '../../../src/main/vault/serve-vault';
import {
  BASIC_TEXT_REFUSAL,
  createSafeStorageVault,
  type SafeStorageLike,
} from '../../../src/main/vault/safe-storage-vault';
import { readVaultFile, writeVaultFile } from '../../../src/main/vault/sealed-file-vault';
import type { SecretBinding } from '../../../src/main/vault/secret-binding';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
/** Where the secrets of these tests may go (the binding itself is tested further down). */
const AT: SecretBinding = {
  purpose: 'smtp-password',
  owner: 'email',
  endpoint: 'smtp://mail.example.org:587',
};

/** The slice of Electron's safeStorage the vault uses; "encryption" is a reversible XOR, enough to tell sealed from plain. */
function fakeSafeStorage(
  backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>,
): SafeStorageLike & { calls: number } {
  const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  const fake = {
    calls: 0,
    getSelectedStorageBackend: () => backend,
    isAsyncEncryptionAvailable: () => Promise.resolve(true),
    encryptStringAsync: (text: string) => {
      fake.calls += 1;
      return Promise.resolve(xor(Buffer.from(text, 'utf8')));
    },
    decryptStringAsync: (sealed: Buffer) =>
      Promise.resolve({ result: xor(sealed).toString('utf8'), shouldReEncrypt: false }),
  };
  return fake;
}

/** Every file under a folder, recursively, as bytes. */
function allFiles(dir: string): { path: string; bytes: Buffer }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

describe('the desktop vault on safeStorage', () => {
  it('refuses to store on a Linux basic_text backend, says how to fix it, and writes nothing', async () => {
    const dir = tempDir();
    const storage = fakeSafeStorage('basic_text');
    const vault = createSafeStorageVault(join(dir, 'vault.json'), storage);
    await expect(vault.set('smtp.password', 'hunter2-hunter2', AT)).rejects.toThrow(BASIC_TEXT_REFUSAL);
    expect(BASIC_TEXT_REFUSAL).toMatch(/--password-store=gnome-libsecret/);
    expect(storage.calls).toBe(0);
    expect(existsSync(join(dir, 'vault.json'))).toBe(false);
  });

  it('refuses before the app is ready (unknown backend) too', async () => {
    const vault = createSafeStorageVault(join(tempDir(), 'vault.json'), fakeSafeStorage('unknown'));
    await expect(vault.set('smtp.password', 'x', AT)).rejects.toMatchObject({ code: 'no_keyring' });
  });

  it('seals through the keyring, reads back, and refuses a sealed value moved to another name', async () => {
    const file = join(tempDir(), 'vault.json');
    const vault = createSafeStorageVault(file, fakeSafeStorage('gnome_libsecret'));
    await vault.set('ehr.epic-main.client-secret', 'epic-s3cret-value', AT);
    await vault.set('smtp.password', 'smtp-s3cret-value', AT);
    expect(await vault.get('ehr.epic-main.client-secret', AT)).toBe('epic-s3cret-value');
    expect(await vault.has('smtp.password')).toBe(true);
    expect(readFileSync(file, 'utf8')).not.toContain('s3cret');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const doc = readVaultFile(file);
    writeVaultFile(file, {
      ...doc,
      entries: { ...doc.entries, 'smtp.password': doc.entries['ehr.epic-main.client-secret']! },
    });
    await expect(vault.get('smtp.password', AT)).rejects.toMatchObject({ code: 'wrong_key' });
    expect(await vault.delete('smtp.password')).toBe(true);
    expect(await vault.names()).toEqual(['ehr.epic-main.client-secret']);
  });
});

describe('the serve-mode vault', () => {
  it('refuses bad names and empty values before touching the file', async () => {
    const dir = tempDir();
    const vault = await createServeVault(join(dir, 'vault.json'), {
      type: 'key-file',
      path: join(dir, 'vault.key'),
    });
    await expect(vault.set('../etc/passwd', 'x', AT)).rejects.toMatchObject({ code: 'invalid_name' });
    await expect(vault.set('smtp.password', '', AT)).rejects.toMatchObject({ code: 'empty_value' });
    expect(existsSync(join(dir, 'vault.json'))).toBe(false);
  });

  it('creates an owner-only key file on first use, refuses one others can read, and another key cannot open it', async () => {
    const dir = tempDir();
    const key = join(dir, 'vault.key');
    const vault = await createServeVault(join(dir, 'vault.json'), { type: 'key-file', path: key });
    await vault.set('webhook.key-1', 'webhook-s3cret', AT);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    expect(await vault.get('webhook.key-1', AT)).toBe('webhook-s3cret');

    const other = await createServeVault(join(dir, 'vault.json'), {
      type: 'key-file',
      path: join(dir, 'other.key'),
    });
    await expect(other.get('webhook.key-1', AT)).rejects.toMatchObject({ code: 'wrong_key' });

    const { chmodSync } = await import('node:fs');
    chmodSync(key, 0o644);
    await expect(createServeVault(join(dir, 'vault.json'), { type: 'key-file', path: key })).rejects.toThrow(
      /chmod 600/,
    );
  });

  it('derives the key from a passphrase with scrypt and tells a wrong passphrase apart', async () => {
    const file = join(tempDir(), 'vault.json');
    const vault = await createServeVault(file, { type: 'passphrase', passphrase: 'correct horse battery' });
    await vault.set('smtp.password', 'smtp-s3cret', AT);
    await expect(
      createServeVault(file, { type: 'passphrase', passphrase: 'wrong horse battery' }),
    ).rejects.toThrow(/passphrase is wrong/);
    const again = await createServeVault(file, { type: 'passphrase', passphrase: 'correct horse battery' });
    expect(await again.get('smtp.password', AT)).toBe('smtp-s3cret');
  });
});

describe('secrets bound to their endpoint', () => {
  const epicAt = (tokenUrl: string): SecretBinding => ({
    purpose: 'ehr-client-secret',
    owner: 'epic-main',
    endpoint: tokenUrl,
    api: 'https://epic.example.org',
  });

  it('refuses a secret to any other binding, without opening it', async () => {
    const dir = tempDir();
    const storage = fakeSafeStorage('gnome_libsecret');
    const vault = createSafeStorageVault(join(dir, 'vault.json'), storage);
    await vault.set('ehr.epic-main.client-secret', 'epic-s3cret', epicAt('https://epic.example.org/token'));
    const sealedCalls = storage.calls;
    await expect(
      vault.get('ehr.epic-main.client-secret', epicAt('http://127.0.0.1:9/token')),
    ).rejects.toMatchObject({
      code: 'needs_reentry',
      message: expect.stringMatching(/nothing was sent/) as unknown,
    });
    await expect(
      vault.get('ehr.epic-main.client-secret', {
        ...epicAt('https://epic.example.org/token'),
        owner: 'other',
      }),
    ).rejects.toMatchObject({ code: 'needs_reentry' });
    expect(storage.calls).toBe(sealedCalls);
    expect(await vault.get('ehr.epic-main.client-secret', epicAt('https://epic.example.org/token'))).toBe(
      'epic-s3cret',
    );
    expect(await vault.bindingOf('ehr.epic-main.client-secret')).toEqual(
      epicAt('https://epic.example.org/token'),
    );
  });

  it('an entry whose binding was edited in the file no longer opens (the binding is sealed in)', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const vault = await createServeVault(file, { type: 'key-file', path: join(dir, 'vault.key') });
    await vault.set('ehr.epic-main.client-secret', 'epic-s3cret', epicAt('https://epic.example.org/token'));
    const doc = readVaultFile(file);
    const moved = epicAt('http://127.0.0.1:9/token');
    writeVaultFile(file, { ...doc, bindings: { 'ehr.epic-main.client-secret': moved } });
    await expect(vault.get('ehr.epic-main.client-secret', moved)).rejects.toMatchObject({
      code: 'wrong_key',
    });
  });

  it('an entry stored before bindings is not handed out: it needs re-entry', async () => {
    const dir = tempDir();
    const file = join(dir, 'vault.json');
    const vault = await createServeVault(file, { type: 'key-file', path: join(dir, 'vault.key') });
    await vault.set('smtp.password', 'smtp-s3cret', AT);
    const { bindings: _dropped, ...legacy } = readVaultFile(file);
    writeVaultFile(file, legacy);
    expect(await vault.bindingOf('smtp.password')).toBe('unbound');
    await expect(vault.get('smtp.password', AT)).rejects.toMatchObject({ code: 'needs_reentry' });
    await vault.set('smtp.password', 'smtp-s3cret', AT);
    expect(await vault.get('smtp.password', AT)).toBe('smtp-s3cret');
  });
});

describe('no plaintext secret at rest', () => {
  it('finds 0 secrets in the database, the data folder and the logs after setting them through the console API', async () => {
    const dataDir = tempDir();
    // The real file logger, so log lines are part of the scan.
    const app = await createApp({ dataDir, mode: 'test' });
    const caller = { actor: 'sam.supervisor', transport: 'test' as const, role: 'supervisor' as const };
    const secrets = {
      'ehr.epic-main.client-secret': 'Epic-Client-Secret-7f3a9c1e',
      'webhook.cybs-key': 'Webhook-Signing-Key-b81d02aa',
      'smtp.password': 'Smtp-Password-4c6e55d0',
    };
    const saved = await app.dispatch(
      'settings.save',
      {
        settings: {
          connections: [
            {
              ehr: 'epic',
              id: 'epic-main',
              name: 'Epic',
              baseUrl: 'https://epic.example.org',
              tokenUrl: 'https://epic.example.org/oauth2/token',
              clientId: 'clearpost',
              clientSecretRef: 'ehr.epic-main.client-secret',
            },
          ],
          webhooks: [{ keyId: 'cybs-key', webhookId: 'wh-1', keyRef: 'webhook.cybs-key' }],
          email: {
            smtp: { host: 'smtp.example.org', port: 587, user: 'clearpost', passwordRef: 'smtp.password' },
            from: 'clearpost@example.org',
            to: ['billing@example.org'],
          },
        },
      },
      caller,
    );
    expect(saved.ok).toBe(true);
    for (const [name, value] of Object.entries(secrets)) {
      const set = await app.dispatch('secrets.set', { name, value }, caller);
      expect(set).toMatchObject({ ok: true, result: { name, set: true, needsReentry: false } });
    }
    // What the renderer can learn: names and set / not set, never a value.
    const view = JSON.stringify(await app.dispatch('settings.get', {}, caller));
    for (const value of Object.values(secrets)) expect(view).not.toContain(value);
    app.logger.info({ note: 'scan marker' }, 'scan');
    await app.close();

    const hits: string[] = [];
    for (const { path, bytes } of allFiles(dataDir)) {
      for (const value of Object.values(secrets)) {
        for (const encoded of [
          Buffer.from(value, 'utf8'),
          Buffer.from(value, 'utf16le'),
          Buffer.from(Buffer.from(value).toString('base64')),
        ]) {
          if (bytes.includes(encoded)) hits.push(`${path}: ${value.slice(0, 6)}…`);
        }
      }
    }
    const scanned = allFiles(dataDir).map((f) => f.path.slice(dataDir.length + 1));
    expect(scanned).toEqual(
      expect.arrayContaining([
        'clearpost.sqlite',
        'vault.json',
        'settings.json',
        join('logs', 'clearpost.log'),
      ]),
    );
    expect(hits).toEqual([]);
  });
});
