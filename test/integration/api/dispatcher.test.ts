import { describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import { seedPosting } from '../../helpers/seed';
import { testApp } from '../../helpers/app';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const operator: Caller = { actor: 'pat.billing', transport: 'test' };

describe('the console API dispatcher', () => {
  it('rejects an unknown command with unknown_command', async () => {
    const app = await testApp(tempDir());
    const result = await app.dispatch('postings.deleteEverything', {}, operator);
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown_command', message: 'Unknown command "postings.deleteEverything"' },
    });
    await app.close();
  });

  it('does not treat inherited object keys as commands', async () => {
    const app = await testApp(tempDir());
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const result = await app.dispatch(name, {}, operator);
      expect(result.ok ? 'ok' : result.error.code, name).toBe('unknown_command');
    }
    await app.close();
  });

  it('rejects invalid arguments with invalid_arguments and says which and why', async () => {
    const app = await testApp(tempDir());
    const wrongType = await app.dispatch('postings.get', { id: 'seven' }, operator);
    expect(wrongType.ok).toBe(false);
    if (wrongType.ok) return;
    expect(wrongType.error.code).toBe('invalid_arguments');
    expect(wrongType.error.issues?.[0]?.path).toBe('id');

    const extraField = await app.dispatch('app.info', { sneaky: true }, operator);
    expect(extraField.ok ? null : extraField.error.code).toBe('invalid_arguments');

    const blankNote = await app.dispatch('notes.add', { postingId: 1, body: '   ' }, operator);
    expect(blankNote.ok ? null : blankNote.error.message).toMatch(/A note needs some text/);

    const notAnObject = await app.dispatch('queue.list', [1, 2], operator);
    expect(notAnObject.ok ? null : notAnObject.error.code).toBe('invalid_arguments');
    await app.close();
  });

  it('says a refusal in the console’s words where the schema gives no message, never zod’s English', async () => {
    const app = await testApp(tempDir());
    // `postings.get`'s id and `app.info`'s strict object carry no message of their own.
    const wrongType = await app.dispatch('postings.get', { id: 'seven' }, operator);
    expect(wrongType.ok ? null : wrongType.error).toEqual({
      code: 'invalid_arguments',
      message: 'Id: Must be a number',
      issues: [{ path: 'id', message: 'Must be a number' }],
    });
    const extraField = await app.dispatch('app.info', { sneaky: true }, operator);
    expect(extraField.ok ? null : extraField.error.issues).toEqual([
      { path: '(arguments)', message: 'Holds a value this form does not know' },
    ]);
    for (const refused of [wrongType, extraField]) {
      expect(refused.ok ? '' : refused.error.message).not.toMatch(
        /Invalid input|expected|received|Unrecognized/,
      );
    }
    await app.close();
  });

  it('reports a missing posting as not_found', async () => {
    const app = await testApp(tempDir());
    const result = await app.dispatch('postings.get', { id: 424242 }, operator);
    expect(result.ok ? null : result.error).toEqual({
      code: 'not_found',
      message: 'Posting 424242 does not exist',
    });
    await app.close();
  });

  it('runs a valid command, attributes the write, audits it and announces the changed tables', async () => {
    const app = await testApp(tempDir());
    const { postingId } = seedPosting(app.repos, 'failure');
    const changed: string[][] = [];
    app.bus.subscribe((event, payload) => {
      if (event === 'db.changed') changed.push([...(payload as { tables: string[] }).tables]);
    });

    const result = await app.dispatch('notes.add', { postingId, body: '  Called the guarantor  ' }, operator);
    expect(result.ok).toBe(true);
    const detail = await app.dispatch('postings.get', { id: postingId }, operator);
    if (!detail.ok) throw new Error(detail.error.message);
    const { notes } = detail.result as { notes: { author: string; body: string; kind: string }[] };
    expect(notes).toEqual([
      expect.objectContaining({ author: 'pat.billing', body: 'Called the guarantor', kind: 'note' }),
    ]);
    expect(changed).toEqual([['notes', 'audit_events']]);
    expect(app.repos.audit.forSubject('posting', String(postingId))).toEqual([
      expect.objectContaining({ actor: 'pat.billing', action: 'note.added' }),
    ]);
    await app.close();
  });
});
