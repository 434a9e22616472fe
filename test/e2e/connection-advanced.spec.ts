/**
 * Issue 21: the connection fields that had no screen (scope, client authentication, token refresh margin,
 * Oracle Health's allocation, reversal types and site locations, Epic's account preference and batch
 * prefix) are edited in Settings, refused with their messages beside them, and saved to the settings file.
 */
import { expect, test, type APIRequestContext } from '@playwright/test';
import { apiCall, openConsole, serveForSpec } from './serve-fixture';

const serve = serveForSpec();
const call = (request: APIRequestContext, name: string, args: unknown) =>
  apiCall(serve(), request, name, args);

interface Saved {
  settings: { connections: ({ readonly id: string } & Record<string, unknown>)[] };
}

test('the advanced fields of a connection are refused with their reasons, then saved', async ({
  page,
  request,
}) => {
  await call(request, 'settings.save', {
    settings: {
      connections: [
        {
          id: 'oh-main',
          name: 'Oracle Main',
          ehr: 'oracle_health',
          baseUrl: 'https://fhir.oracle.example/r4/tenant',
          tokenUrl: 'https://auth.oracle.example/token',
          clientId: 'clearpost',
          clientSecretRef: 'oh-main-secret',
          sites: {
            MAIN: {
              aliases: { one_time_payment: 'OTP', payment_plan: 'PLAN' },
              reversalAlias: 'REV',
              refundAlias: 'REF',
            },
          },
        },
        {
          id: 'epic-main',
          name: 'Epic Main',
          ehr: 'epic',
          baseUrl: 'https://epic.example',
          tokenUrl: 'https://epic.example/oauth2/token',
          clientId: 'clearpost',
          clientSecretRef: 'epic-main-secret',
        },
      ],
    },
  });
  await openConsole(page, serve());
  await page.getByRole('link', { name: 'Settings' }).click();

  await page.getByRole('button', { name: 'Edit Epic Main' }).click();
  const epic = page.getByRole('form', { name: 'Advanced settings of Epic Main' });
  await epic.getByLabel('Token refresh margin (seconds)').fill('soon');
  await epic.getByRole('button', { name: 'Save advanced settings' }).click();
  await expect(epic.getByText('Enter a number of seconds, e.g. 60')).toBeVisible();
  await epic.getByLabel('Token refresh margin (seconds)').fill('90');
  // Main refuses a batch prefix its schema does not take; the message lands on the field.
  await epic.getByLabel('Batch prefix').fill('NOT ALLOWED!');
  await epic.getByRole('button', { name: 'Save advanced settings' }).click();
  await expect(epic.locator('.field-error')).toHaveCount(1);
  await epic.getByLabel('Batch prefix').fill('SITE-A');
  await epic.getByLabel('Account preference').selectOption('hospital_first');
  await epic.getByLabel('Client authentication').selectOption('body');
  await epic.getByRole('button', { name: 'Save advanced settings' }).click();
  await expect(
    epic.getByRole('status').filter({ hasText: 'Saved the advanced settings of Epic Main.' }),
  ).toBeVisible();

  await page.getByRole('button', { name: 'Edit Oracle Main' }).click();
  const oracle = page.getByRole('form', { name: 'Advanced settings of Oracle Main' });
  await oracle.getByLabel('OAuth2 scope').fill('system/FinancialTransaction.write system/Account.read');
  await oracle.getByLabel('Allocate to').selectOption('account_first');
  await oracle.getByLabel('Void posted as').selectOption('adjustment');
  await oracle.getByLabel('Location of site MAIN').fill('Front desk');
  await oracle.getByRole('button', { name: 'Save advanced settings' }).click();
  await expect(
    oracle.getByRole('status').filter({ hasText: 'Saved the advanced settings of Oracle Main.' }),
  ).toBeVisible();

  const saved = (await call(request, 'settings.get', {})) as Saved;
  const byId = new Map(saved.settings.connections.map((c) => [c.id, c]));
  expect(byId.get('epic-main')).toMatchObject({
    tokenSkewMs: 90_000,
    batchPrefix: 'SITE-A',
    accountPreference: 'hospital_first',
    clientAuth: 'body',
  });
  expect(byId.get('oh-main')).toMatchObject({
    scope: 'system/FinancialTransaction.write system/Account.read',
    allocateTo: 'account_first',
    reversalTypes: { void: 'adjustment', refund: 'adjustment' },
    sites: { MAIN: { location: 'Front desk', reversalAlias: 'REV' } },
  });
});
