import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/main/cli';
import { resolveWebhookKey, WEBHOOK_KEY_ENV } from '../../../src/main/intake/cybersource/webhook-key-source';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const SECRET = Buffer.from('a-webhook-secret-for-tests-0123456789').toString('base64');

function keyFile(content: string, mode = 0o600): string {
  const file = join(tempDir(), 'webhook.key');
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (l: string) => out.push(l), stderr: (l: string) => err.push(l) }, out, err };
}

describe('the webhook secret kept off the command line (issue 20 item 5)', () => {
  it.skipIf(process.platform === 'win32')('refuses a key file other users can read', () => {
    const file = keyFile(SECRET, 0o644);
    const answer = resolveWebhookKey({ file, env: {} });
    expect(answer).toEqual({ ok: false, message: expect.stringContaining(`chmod 600 ${file}`) as string });
  });

  it('refuses a missing or empty key file, and two sources at once', () => {
    expect(resolveWebhookKey({ file: join(tempDir(), 'absent.key'), env: {} })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/cannot read the webhook key file .*ENOENT/) as string,
    });
    expect(resolveWebhookKey({ file: keyFile(' \n'), env: {} })).toMatchObject({
      ok: false,
      message: expect.stringContaining('is empty') as string,
    });
    expect(resolveWebhookKey({ file: keyFile(SECRET), env: { [WEBHOOK_KEY_ENV]: SECRET } })).toMatchObject({
      ok: false,
      message: `give the webhook key one way only, not --webhook-key-file and ${WEBHOOK_KEY_ENV}`,
    });
  });

  it('reads the key from an owner-only file (trailing newline trimmed) or from the environment', () => {
    expect(resolveWebhookKey({ file: keyFile(`${SECRET}\n`), env: {} })).toEqual({
      ok: true,
      key: SECRET,
      warnings: [],
    });
    expect(resolveWebhookKey({ env: { [WEBHOOK_KEY_ENV]: SECRET } })).toEqual({
      ok: true,
      key: SECRET,
      warnings: [],
    });
    expect(resolveWebhookKey({ env: {} })).toEqual({ ok: true, key: null, warnings: [] });
  });

  it('still takes --webhook-key, with a warning that others can see it', () => {
    const answer = resolveWebhookKey({ flag: SECRET, env: {} });
    expect(answer).toMatchObject({ ok: true, key: SECRET });
    expect(answer.ok && answer.warnings[0]).toMatch(/visible|every user.*\(ps\)/);
  });

  it.skipIf(process.platform === 'win32')(
    'serve stops before starting, with one plain line, when the key is refused or its id is missing',
    async () => {
      const dataDir = tempDir();
      const unsafe = capture();
      const file = keyFile(SECRET, 0o640);
      const args = ['serve', '--data-dir', dataDir, '--ehr-sandbox', 'off', '--webhook-key-file', file];
      expect(await runCli([...args, '--webhook-key-id', 'k1'], unsafe.io)).toBe(2);
      expect(unsafe.err).toEqual([expect.stringContaining('can be read by other users') as string]);

      chmodSync(file, 0o600);
      const noId = capture();
      expect(await runCli(args, noId.io)).toBe(2);
      expect(noId.err).toEqual([expect.stringContaining('--webhook-key-id and the webhook key') as string]);
      expect(noId.out).toEqual([]);
    },
  );
});
