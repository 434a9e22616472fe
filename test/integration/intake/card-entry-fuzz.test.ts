/**
 * Issue 20: one card guard for every way text enters. Over 10,000 generated card numbers, written every way
 * (plain, spaces, dashes, dots, slashes, underscores, no-break spaces, line breaks, runs of spaces, letters
 * between groups, full-width digits), go through every entry point of a real serve-mode Clearpost: signed
 * webhooks over loopback HTTP, a report file imported from the console, and each console command that takes
 * free text. Webhooks and rows end in quarantine (masked); commands are refused with a sentence naming the
 * field. Then every file of the data folder (database + WAL, log, exports, settings) is searched for the
 * digits: none is there.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Caller } from '../../../src/main/api/dispatcher';
import { signWebhook } from '../../../src/main/intake/cybersource/signature';
import { startServe, type RunningServe } from '../../../src/main/serve';
import type { CommandArgs, CommandName, Envelope } from '../../../src/shared/contract';
import { CARD_STYLES, leakedCards, sampleCards, writeCard, type WrittenCard } from '../../helpers/card-fuzz';
import { seedPosting } from '../../helpers/seed';
import { useTempDirs } from '../../helpers/temp-dir';
import { KEY, KEY_ID, payload } from './webhook-helper';

const tempDir = useTempDirs();
const running: RunningServe[] = [];
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});

const caller: Caller = { actor: 'fuzz.operator', transport: 'test' };
const WEBHOOKS = 700;
const CARDS_PER_WEBHOOK = 3;
const FILE_ROWS = 2_500;
const CONSOLE_CARDS = 5_400;

function chicagoDate(ms: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Chicago' }).format(new Date(ms));
}

/** The card as a field with a length limit and a character set can take it (else written plainly). */
function fit(card: WrittenCard, max: number, allowed?: RegExp): string {
  const text = card.written;
  if (text.length <= max && (!allowed || allowed.test(text))) return text;
  const compact = writeCard(card.pan, 'dots');
  return compact.length <= max && (!allowed || allowed.test(compact)) ? compact : card.pan;
}

function cardSentence(label: string): string {
  return `The ${label} looks like it contains a card number. Card numbers are never stored: remove it and try again.`;
}

describe('card numbers through every entry point', () => {
  it('10,000+ generated card numbers in every style: quarantined or refused, none in the data folder', async () => {
    const dataDir = tempDir();
    const subscription = { webhookId: randomUUID(), keyId: KEY_ID, key: KEY };
    const serve = await startServe({
      dataDir,
      port: 0,
      rendererDir: null,
      sandbox: false,
      webhookSubscriptions: [subscription],
    });
    running.push(serve);
    const { app } = serve;
    const now = Date.now();
    const today = chicagoDate(now);
    const submitTimeUtc = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');

    const cards = sampleCards(WEBHOOKS * CARDS_PER_WEBHOOK + FILE_ROWS + CONSOLE_CARDS, 20);
    const pans = new Set(cards.map((c) => c.pan));
    let next = 0;
    const take = (n: number) => cards.slice(next, (next += n));

    let delivery = 0;
    async function deliver(p: Record<string, unknown>): Promise<{ outcome: string; quarantineId?: number }> {
      delivery += 1;
      const body = {
        webhookId: subscription.webhookId,
        // Cybersource's trace ids are UUIDs: 1 in 1,000 of them once sent a good payment to quarantine.
        transactionTraceId: randomUUID(),
        eventType: 'payments.capture.status.accepted',
        eventDate: submitTimeUtc,
        retryNumber: 0,
        payload: p,
      };
      const res = await fetch(`http://127.0.0.1:${String(serve.port)}/webhooks/cybersource`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'v-c-signature': signWebhook(body, KEY, KEY_ID, Math.floor(Date.now() / 1000)),
          'v-c-webhook-id': subscription.webhookId,
        },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { outcome: string; quarantineId?: number };
    }
    const txn = (n: number) => `74${String(n).padStart(20, '0')}`;

    // 1. Signed webhooks over loopback HTTP: three cards each, in the merchant reference, a merchant-defined
    //    note and a field intake does not read. Every one is quarantined, masked.
    const quarantineIds: number[] = [];
    for (let i = 0; i < WEBHOOKS; i += 1) {
      const [a, b, c] = take(CARDS_PER_WEBHOOK) as [WrittenCard, WrittenCard, WrittenCard];
      const answer = await deliver(
        payload({
          id: txn(i),
          submitTimeUtc,
          clientReferenceInformation: { code: `HB-${String(i)} ${a.written}` },
          merchantDefinedInformation: [
            { key: 'guarantorAccount', value: `G${String(100_000 + i)}` },
            { key: 'facility', value: 'MAIN' },
            { key: 'ehr', value: 'epic' },
            { key: 'note', value: `pt read card ${b.written} exp 09/27` },
          ],
          orderInformation: {
            amountDetails: { totalAmount: '10.00', currency: 'USD' },
            billTo: { address1: c.written },
          },
        }),
      );
      expect(answer.outcome, `webhook ${String(i)} (${a.style}, ${b.style}, ${c.style})`).toBe('quarantined');
      if (answer.quarantineId !== undefined) quarantineIds.push(answer.quarantineId);
    }
    // Good payments with UUID trace ids are stored, not quarantined.
    for (let i = 0; i < 300; i += 1) {
      const answer = await deliver(payload({ id: txn(10_000 + i), submitTimeUtc }));
      expect(answer.outcome).toBe('stored');
    }

    // 2. A report file imported from the console: a card in each row's merchant reference, 50 clean rows.
    const lines = [
      'Payment Batch Detail',
      'batch_id,batch_date,request_id,merchant_ref_number,currency,amount,transaction_type',
    ];
    for (const [i, card] of take(FILE_ROWS).entries())
      lines.push(
        `1,${today},${txn(20_000 + i)},"card ${card.written.replace(/"/g, '""')}",USD,1.00,ics_bill`,
      );
    for (let i = 0; i < 50; i += 1)
      lines.push(`1,${today},${txn(30_000 + i)},HB-${String(i)},USD,2.00,ics_bill`);
    const started = await call('imports.start', {
      fileName: 'fuzz.csv',
      contentBase64: Buffer.from(lines.join('\n'), 'utf8').toString('base64'),
      facility: 'MAIN',
      ehr: 'epic',
    });
    expect(started.ok).toBe(true);
    const importId = started.ok ? (started.result as { id: string }).id : '';
    let status: { state: string; counts: unknown } = { state: 'running', counts: null };
    for (let polls = 0; status.state === 'running' && polls < 600; polls += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const answer = await call('imports.status', { id: importId });
      if (answer.ok) status = answer.result as typeof status;
    }
    expect(status).toMatchObject({
      state: 'done',
      counts: { rows: FILE_ROWS + 50, imported: 50, quarantined: FILE_ROWS },
    });

    // 3. Every console command that takes free text.
    const posting = seedPosting(
      app.repos,
      'failure',
      { facility: 'MAIN', ehr: 'epic', transactionAt: now },
      now,
    );
    const [releaseId = 0, discardId = 0] = quarantineIds;
    const cases: {
      readonly label: string;
      readonly name: CommandName;
      readonly args: (text: WrittenCard) => unknown;
    }[] = [
      {
        label: 'note',
        name: 'notes.add',
        args: (c) => ({ postingId: posting.postingId, body: `pt: ${c.written}` }),
      },
      {
        label: 'fraud-review note',
        name: 'notes.add',
        args: (c) => ({ postingId: posting.postingId, kind: 'fraud_review', body: `used ${c.written}` }),
      },
      {
        label: 'EHR posting reference',
        name: 'postings.markManual',
        args: (c) => ({ id: posting.postingId, ehrReference: fit(c, 100), note: 'posted by hand' }),
      },
      {
        label: 'note',
        name: 'postings.markManual',
        args: (c) => ({ id: posting.postingId, ehrReference: 'PMT-1', note: `card was ${c.written}` }),
      },
      {
        label: 'assignee',
        name: 'postings.assign',
        args: (c) => ({ id: posting.postingId, assignee: fit(c, 100) }),
      },
      {
        label: 'view name',
        name: 'views.save',
        args: (c) => ({ name: fit(c, 60), query: { statuses: ['failure'] } }),
      },
      {
        label: 'assignee',
        name: 'bulk.preview',
        args: (c) => ({ filter: {}, action: 'assign', assignee: fit(c, 100) }),
      },
      ...(['processorTxnId', 'facility', 'guarantorAccount', 'encounterId', 'checkNumber'] as const).map(
        (field) => ({
          label: {
            processorTxnId: 'transaction or receipt number',
            facility: 'facility',
            guarantorAccount: 'guarantor account',
            encounterId: 'encounter',
            checkNumber: 'check number',
          }[field],
          name: 'payments.enterManual' as const,
          args: (c: WrittenCard) => ({
            processorTxnId: 'RCPT-1',
            tender: 'manual_check',
            amount: '12.00',
            ehr: 'epic',
            facility: 'MAIN',
            guarantorAccount: 'G100200',
            [field]: fit(
              c,
              field === 'checkNumber' ? 30 : 50,
              field === 'processorTxnId' ? /^[\w.:-]+$/ : undefined,
            ),
          }),
        }),
      ),
      {
        label: 'reason for discarding',
        name: 'quarantine.discard',
        args: (c) => ({ id: discardId, reason: `caller gave ${c.written}` }),
      },
      {
        label: 'note',
        name: 'quarantine.release',
        args: (c) => ({ id: releaseId, note: `fixed ${c.written}` }),
      },
      {
        label: 'guarantor account',
        name: 'quarantine.release',
        args: (c) => ({ id: releaseId, corrections: { guarantorAccount: fit(c, 100) } }),
      },
      {
        label: 'setting “facilities.timeZones”',
        name: 'settings.save',
        args: (c) => ({
          settings: { version: 1, facilities: { timeZones: { [fit(c, 100)]: 'America/Chicago' } } },
        }),
      },
      {
        label: 'setting “email.from”',
        name: 'settings.save',
        args: (c) => ({ settings: { version: 1, email: { from: c.written } } }),
      },
      {
        label: 'intake rule “defaultFacility”',
        name: 'intake.rules.save',
        args: (c) => ({ rules: { defaultFacility: c.written } }),
      },
      {
        label: 'source name',
        name: 'imports.mappings.save',
        args: (c) => ({ source: fit(c, 100), mapping: {} }),
      },
      { label: 'search', name: 'queue.list', args: (c) => ({ search: fit(c, 100) }) },
    ];
    const perCase = Math.floor(CONSOLE_CARDS / cases.length);
    const refused: string[] = [];
    for (const { label, name, args } of cases) {
      for (const card of take(perCase)) {
        const answer = await app.dispatch(name, args(card), caller);
        if (answer.ok || answer.error.message !== cardSentence(label))
          refused.push(`${name} ${label} ${card.style}: ${answer.ok ? 'accepted' : answer.error.message}`);
      }
    }
    expect(refused.slice(0, 5)).toEqual([]);
    // A card with its CVV is refused naming both.
    const withCvv = await app.dispatch(
      'notes.add',
      { postingId: posting.postingId, body: `card ${writeCard('4111111111111111', 'dots')} cvv: 123` },
      caller,
    );
    expect(withCvv.ok ? null : withCvv.error.code).toBe('invalid_arguments');
    expect(withCvv.ok ? '' : withCvv.error.message).toBe(
      'The note looks like it contains a card number and its security code (CVV). ' +
        'Card numbers and security codes are never stored: remove them and try again.',
    );

    // Without the card, the same commands go through (the refusals above were the card's doing).
    for (const [name, args] of [
      ['notes.add', { postingId: posting.postingId, body: 'patient called about the balance' }],
      ['postings.assign', { id: posting.postingId, assignee: 'dana' }],
      ['views.save', { name: 'Failed today', query: { statuses: ['failure'] } }],
      [
        'payments.enterManual',
        {
          processorTxnId: 'RCPT-1',
          tender: 'manual_check',
          amount: '12.00',
          ehr: 'epic',
          facility: 'MAIN',
          guarantorAccount: 'G100200',
        },
      ],
      ['quarantine.discard', { id: discardId, reason: 'duplicate of a phone payment' }],
      ['settings.save', { settings: { version: 1, facilities: { timeZones: { MAIN: 'America/Chicago' } } } }],
      ['postings.markManual', { id: posting.postingId, ehrReference: 'PMT-1', note: 'posted by hand' }],
    ] as const) {
      const answer = await app.dispatch(name, args, caller);
      expect(answer.ok, `${name}: ${answer.ok ? '' : answer.error.message}`).toBe(true);
    }
    expect(next).toBeGreaterThanOrEqual(10_000);

    // 4. Exports of the day: the reconciliation file and the detail report (with its notes).
    for (const kind of ['recon', 'detail'] as const) {
      const written = await call('reports.export', { date: today, kind, facility: 'MAIN' });
      expect(written.ok, JSON.stringify(written)).toBe(true);
    }

    expect(app.repos.quarantine.openCount()).toBe(WEBHOOKS + FILE_ROWS - 1);
    await serve.close();
    running.splice(0);

    const leaks = leakedCards(dataDir, pans);
    expect(leaks.slice(0, 5)).toEqual([]);
    expect(delivery).toBe(WEBHOOKS + 300);

    async function call<N extends CommandName>(name: N, args: CommandArgs<N>): Promise<Envelope<unknown>> {
      return app.dispatch(name, args, caller);
    }
  }, 240_000);
});

describe('the leak scan itself', () => {
  it('finds a card in a data folder file whatever way it was written, and nothing in its masked form', () => {
    const dir = tempDir();
    const cards = sampleCards(CARD_STYLES.length, 3);
    writeFileSync(join(dir, 'plain.log'), cards.map((c) => `x ${c.written} y`).join('\n'));
    mkdirSync(join(dir, 'exports'));
    writeFileSync(join(dir, 'exports', 'masked.csv'), '****.****.****.1111,************4242\n');
    const found = leakedCards(dir, new Set([...cards.map((c) => c.pan), '4111111111111111']));
    expect(new Set(found.map((f) => f.pan))).toEqual(new Set(cards.map((c) => c.pan)));
    expect(found.every((f) => f.file === 'plain.log')).toBe(true);
  });
});
