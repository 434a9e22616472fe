/**
 * Issue 21, "Done when" (first item): going live from the console with no file edited by hand. A fresh
 * data folder started for production, the first supervisor created in the browser, an Oracle Health and an
 * Epic connection added through Settings and pointed at simulators this test starts, "Test connection"
 * green for both, a webhook subscription added, Clearpost restarted from Settings, then a signed webhook
 * posted for each EHR: each payment reaches its simulator.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { chromiumPath } from '../../playwright.config';
import { startSandbox, type RunningSandbox } from '../../src/main/sandbox';
import { SANDBOX_ORACLE_ALIASES, SANDBOX_TIME_ZONE } from '../../src/main/sandbox/world';
import {
  envelope,
  KEY,
  KEY_ID,
  payload,
  signedHeaders,
  WEBHOOK_ID,
} from '../integration/intake/webhook-helper';
import { FIRST_SUPERVISOR, openConsole } from './serve-fixture';
import { startServeProcess, type ServeProcess } from './serve-process';

let sims: RunningSandbox | undefined;
let serve: ServeProcess | undefined;
test.beforeAll(async () => {
  if (!chromiumPath) return;
  // The EHRs this test stands in for: Clearpost reaches them only through connections added in Settings.
  sims = await startSandbox();
  // A production start from the first minute: the sandbox of Clearpost itself never runs on this folder.
  serve = await startServeProcess(mkdtempSync(join(tmpdir(), 'clearpost-live-')), ['--ehr-sandbox', 'off']);
});
test.afterAll(async () => {
  await serve?.stop();
  await sims?.stop();
});
test.beforeEach(() => {
  test.skip(
    !chromiumPath,
    'No Chromium found: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH',
  );
});

/** A text field by its label, hint (" · …") left aside: "Name" is not "Time zone · IANA name". */
const field = (scope: Locator, label: string) =>
  scope.getByRole('textbox', { name: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}( ·|$)`) });

async function addConnection(
  page: Page,
  fields: Readonly<Record<string, string>>,
  ehr: 'Epic' | 'Oracle Health',
  secret: string,
) {
  await page.getByRole('button', { name: 'Add a connection' }).click();
  const form = page.getByRole('form', { name: 'New EHR connection' });
  await form
    .getByLabel('EHR')
    .selectOption({ label: ehr === 'Epic' ? 'Epic' : 'Oracle Health (Millennium FHIR R4)' });
  for (const [label, value] of Object.entries(fields)) await field(form, label).fill(value);
  await form.getByLabel('Client secret').fill(secret);
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(form).toBeHidden();
  // The new connection opens in its editor, its secret set; the test runs on what was saved.
  const editor = page.getByTestId('connection-editor');
  await expect(editor.getByRole('heading', { name: new RegExp(fields.Name ?? '') })).toBeVisible();
  await expect(page.getByTestId('secret-status')).toHaveText('set');
  await editor.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByTestId('test-result')).toContainText('Connection works');
}

function post(origin: string, body: Record<string, unknown>) {
  return fetch(`${origin}/webhooks/cybersource`, {
    method: 'POST',
    headers: signedHeaders(body, Date.now()),
    body: JSON.stringify(body),
  });
}

test('a fresh folder goes live from Settings: connections, webhook subscription, restart, payments posted', async ({
  page,
}) => {
  test.setTimeout(120_000);
  if (!sims || !serve) throw new Error('simulators or serve mode did not start');
  const { oracle, epic, world } = sims;
  const epicGuarantor = world.guarantors.find((g) => g.ehr === 'epic' && g.combinedInto === null);
  const oracleGuarantor = world.guarantors.find((g) => g.ehr === 'oracle_health' && g.combinedInto === null);
  if (!epicGuarantor || !oracleGuarantor) throw new Error('the simulated world has no guarantors');

  // Unhappy path first: before any subscription exists, a signed webhook is refused and nothing is stored.
  const early = envelope(payload());
  expect((await post(serve.origin, early)).status).toBe(401);

  // The first supervisor, created in the browser from the printed link.
  await page.goto(serve.url);
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'first-supervisor');
  await page.getByLabel('User name').fill(FIRST_SUPERVISOR.username);
  await page.getByLabel('Password', { exact: true }).fill(FIRST_SUPERVISOR.password);
  await page.getByLabel('Repeat the password').fill(FIRST_SUPERVISOR.password);
  await page.getByRole('button', { name: 'Create account and sign in' }).click();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('go-live-connections')).toHaveAttribute('data-done', 'false');
  await expect(page.getByTestId('go-live-supervisor')).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('go-live-restart')).toContainText(
    `--data-dir ${serve.dataDir} --ehr-sandbox off`,
  );

  // A bad address is refused with its reason on the field, and nothing is added.
  await page.getByRole('button', { name: 'Add a connection' }).click();
  const form = page.getByRole('form', { name: 'New EHR connection' });
  await form.getByLabel('EHR').selectOption({ label: 'Epic' });
  await field(form, 'Connection id').fill('epic-main');
  await field(form, 'Name').fill('Epic – Main');
  await field(form, 'Base URL').fill('http://ehr.hospital.example/api');
  await field(form, 'Token URL').fill(epic.tokenUrl);
  await field(form, 'Client id').fill(epic.clientId);
  await form.getByRole('button', { name: 'Add connection' }).click();
  await expect(form).toContainText('plain http is allowed only to this machine');
  await expect(page.getByRole('table', { name: 'EHR connections' })).toHaveCount(0);
  await form.getByRole('button', { name: 'Cancel' }).click();

  await addConnection(
    page,
    {
      'Connection id': 'oracle-main',
      Name: 'Oracle Health – Main',
      'Base URL': oracle.baseUrl,
      'Token URL': oracle.tokenUrl,
      'Client id': oracle.clientId,
      'Time zone': SANDBOX_TIME_ZONE,
      'Site code': oracleGuarantor.facility,
      'One-time payment alias': SANDBOX_ORACLE_ALIASES.one_time_payment,
      'Payment plan alias': SANDBOX_ORACLE_ALIASES.payment_plan,
      'Reversal alias': SANDBOX_ORACLE_ALIASES.reversal,
      'Refund alias': SANDBOX_ORACLE_ALIASES.refund,
    },
    'Oracle Health',
    oracle.clientSecret,
  );
  await addConnection(
    page,
    {
      'Connection id': 'epic-main',
      Name: 'Epic – Main',
      'Base URL': epic.baseUrl,
      'Token URL': epic.tokenUrl,
      'Client id': epic.clientId,
      'Time zone': SANDBOX_TIME_ZONE,
    },
    'Epic',
    epic.clientSecret,
  );
  const list = page.getByRole('table', { name: 'EHR connections' });
  await expect(list.getByRole('row')).toHaveCount(3);
  await expect(list).not.toContainText('not set');
  await expect(page.getByTestId('go-live-connections')).toHaveAttribute('data-done', 'true');

  // The webhook subscription: the secret is written, never shown; the encryption key's fingerprint is.
  await page.getByRole('button', { name: 'Add a webhook subscription' }).click();
  const sub = page.getByRole('form', { name: 'New webhook subscription' });
  await sub.getByLabel('Key id').fill(KEY_ID);
  await sub.getByLabel('Webhook id').fill(WEBHOOK_ID);
  await sub.getByLabel('Timestamp tolerance').fill('5');
  await sub.getByLabel('Shared secret').fill(KEY);
  await sub.getByRole('button', { name: 'Add subscription' }).click();
  const subs = page.getByRole('table', { name: 'Webhook subscriptions' });
  await expect(subs).toContainText(KEY_ID);
  await expect(subs.getByRole('cell', { name: 'set', exact: true })).toBeVisible();
  await expect(page.getByTestId('mle-fingerprint')).toHaveText(/^[0-9a-f]{2}(:[0-9a-f]{2}){31}$/i);
  expect(await page.content()).not.toContain(KEY);
  expect(await page.content()).not.toContain(epic.clientSecret);
  await expect(page.getByTestId('go-live-webhook')).toHaveAttribute('data-done', 'true');

  // Saved, but not yet in force: the restart is offered and done from the console.
  const restart = page.getByTestId('restart-required');
  await expect(restart).toBeVisible();
  await restart.getByRole('button', { name: 'Restart now' }).click();
  await expect(page.getByTestId('restart-required')).toBeHidden({ timeout: 60_000 });
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByTestId('go-live-connections')).toHaveAttribute('data-done', 'true');

  // Signed webhooks, one for each EHR: each payment reaches its simulator.
  const forEpic = envelope(
    payload({
      merchantDefinedInformation: [
        { key: 'guarantorAccount', value: epicGuarantor.account },
        { key: 'facility', value: epicGuarantor.facility },
        { key: 'ehr', value: 'Epic' },
      ],
    }),
  );
  const oracleId = '7412345678901234567891';
  const forOracle = envelope(
    payload({
      id: oracleId,
      _links: { self: { href: `/pts/v2/captures/${oracleId}`, method: 'GET' } },
      merchantDefinedInformation: [
        { key: 'guarantorAccount', value: oracleGuarantor.account },
        { key: 'facility', value: oracleGuarantor.facility },
        { key: 'ehr', value: 'Oracle Health' },
      ],
    }),
    { transactionTraceId: 'trace-0002' },
  );
  for (const body of [forEpic, forOracle]) {
    const answer = await post(serve.origin, body);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ ok: true, outcome: 'stored' });
  }
  await expect.poll(() => epic.ledger.postings().length, { timeout: 30_000 }).toBe(1);
  await expect.poll(() => oracle.ledger.postings().length, { timeout: 30_000 }).toBe(1);
  expect(epic.ledger.postings()[0]).toMatchObject({ amountMinor: 12_550 });
});

// Runs after the test above, on the same folder: its first supervisor signs in.
test('a supervisor manages serve-mode accounts and verifies the audit chain from Settings', async ({
  page,
}) => {
  if (!serve) throw new Error('serve mode did not start');
  await openConsole(page, serve);
  await page.getByRole('link', { name: 'Settings' }).click();
  const accounts = page.getByTestId('accounts');
  const form = page.getByRole('form', { name: 'New account' });

  // Unhappy first: a short password is refused with main's words, at the field, before anything is sent.
  await field(form, 'User name').fill('olga.operator');
  const password = form.getByLabel('Password');
  await expect(password).toHaveAttribute('aria-required', 'true');
  await password.fill('short');
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(password).toHaveAttribute('aria-invalid', 'true');
  await expect(password).toHaveAccessibleDescription(/A password has at least 12 characters/);
  await expect(page.getByTestId('accounts-result')).toBeHidden();
  await expect(accounts.getByRole('table', { name: 'Accounts' })).not.toContainText('olga.operator');

  await form.getByLabel('Password').fill('olga operator password');
  await form.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByTestId('accounts-result')).toHaveText('Created olga.operator (Operator).');
  await accounts.getByLabel('Role of olga.operator').selectOption('viewer');
  await expect(page.getByTestId('accounts-result')).toHaveText('olga.operator is now viewer.');
  const row = accounts.getByRole('row', { name: /olga\.operator/ });
  await row.getByRole('button', { name: 'Change password' }).click();
  await accounts.getByLabel('New password for olga.operator').fill('a brand new password');
  await row.getByRole('button', { name: 'Save new password' }).click();
  await expect(page.getByTestId('accounts-result')).toHaveText('The password of olga.operator was reset.');
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('disabled');

  // The last active supervisor cannot disable themself: main refuses, and says why.
  const me = accounts.getByRole('row', { name: new RegExp(FIRST_SUPERVISOR.username) });
  await me.getByRole('button', { name: 'Disable' }).click();
  await expect(page.getByTestId('accounts-result')).toContainText('last active supervisor');
  await expect(me).toContainText('active');

  await page.getByRole('button', { name: 'Verify the audit chain' }).click();
  await expect(page.getByTestId('audit-verification')).toContainText('Audit log intact.');
});

// Runs last, on the same folder: the live connections are changed, disabled and removed from Settings.
test('a connection’s details are edited, one is disabled and another removed with its secret', async ({
  page,
}) => {
  if (!serve) throw new Error('serve mode did not start');
  await openConsole(page, serve);
  await page.getByRole('link', { name: 'Settings' }).click();
  const list = page.getByRole('table', { name: 'EHR connections' });

  // Oracle Health gains a site (aliases copied from the first, editable in the editor) and a tender method.
  // The first connection is the one open in the editor.
  await expect(page.getByRole('button', { name: 'Edit Oracle Health – Main' })).toHaveText('Editing');
  const details = page.getByRole('form', { name: 'Details of Oracle Health – Main' });
  await field(details, 'New site code').fill('EAST');
  await details.getByRole('button', { name: 'Add site' }).click();
  await details.getByLabel('Paper check method').selectOption('CCHK');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect(details.getByRole('status')).toHaveText('Saved the details of Oracle Health – Main.');
  await expect(page.getByLabel('EAST one-time payment alias')).toHaveValue(
    SANDBOX_ORACLE_ALIASES.one_time_payment,
  );
  await expect(page.getByTestId('restart-required')).toBeVisible();

  // Disabled in the editor: listed as such, and its test says it was not tried.
  await page.getByRole('checkbox', { name: /Enabled/ }).uncheck();
  await page.getByRole('button', { name: 'Save connection' }).click();
  await expect(list).toContainText('Oracle Health – Main (disabled)');
  await expect(page.getByRole('button', { name: 'Test connection' })).toBeDisabled();

  // Removed (after a confirmation): the row and its vault entry go.
  await page.getByRole('button', { name: 'Remove Epic – Main' }).click();
  await page.getByRole('button', { name: 'Confirm removing Epic – Main' }).click();
  await expect(page.getByText('Removed Epic – Main and its client secret.')).toBeVisible();
  await expect(list).not.toContainText('Epic – Main');
  await page.reload();
  await expect(page.locator('#root')).toHaveAttribute('data-app-state', 'ready');
  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('table', { name: 'EHR connections' })).not.toContainText('Epic – Main');
  // With Oracle Health disabled and Epic gone, the checklist no longer counts anything as ready.
  await expect(page.getByTestId('go-live-connections')).toHaveAttribute('data-done', 'false');
  await expect(page.getByTestId('go-live-connections')).toContainText(
    'No EHR connection is saved and enabled',
  );
});
