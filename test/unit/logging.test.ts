import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactFreeText } from '../../src/main/lib/log-redaction';
import { createLogger } from '../../src/main/logger';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

describe('log redaction of free text', () => {
  it('masks card numbers, SSNs and labelled patient identifiers, and leaves ordinary text alone', () => {
    expect(redactFreeText('card 4111 1111 1111 1111 declined')).toBe('card **** **** **** 1111 declined');
    expect(redactFreeText('SSN 123-45-6789 on file')).toBe('SSN ***-**-**** on file');
    expect(redactFreeText('MRN: 00412345, guarantor G1000042, encounter E778899')).toBe(
      'MRN: [redacted], guarantor [redacted], encounter [redacted]',
    );
    expect(redactFreeText('posted 3 items in 120 ms')).toBe('posted 3 items in 120 ms');
  });

  it('redacts messages, error texts and fields in the file, and rotates by size', async () => {
    const dir = tempDir();
    const file = join(dir, 'logs', 'clearpost.log');
    const logger = createLogger(file, 'info', { maxBytes: 2_000, keep: 2 });
    logger.error(
      { err: new Error('EHR refused guarantor G1000042 card 4111111111111111') },
      'post failed for MRN 99887766',
    );
    logger.info({ password: 'hunter2', clientSecret: 'abc', detail: 'acct: A12345678' }, 'fields');
    for (let i = 0; i < 60; i += 1) logger.info({ i }, 'filler line to force rotation');
    await new Promise<void>((resolve) => logger.flush(() => resolve()));
    const all = readdirSync(join(dir, 'logs')).sort();
    expect(all).toEqual(['clearpost.1.log', 'clearpost.2.log', 'clearpost.log']);
    const text = all.map((f) => readFileSync(join(dir, 'logs', f), 'utf8')).join('');
    for (const leak of ['G1000042', '4111111111111111', '99887766', 'hunter2', 'A12345678'])
      expect(text).not.toContain(leak);
  });
});
