/**
 * Benchmark (issue #22): requests per minute the exception queue makes while the operator is scrolled deep
 * and the engine is busy. Serve mode runs on a folder seeded with open exceptions (the sandbox EHRs off: the
 * sandbox keeps its own database, which the seed would not reach). A writer stands in for a busy engine
 * through the console API, every WRITE_EVERY_MS: a posting among the first SCROLL_ROWS changes (a hold
 * toggled, as a settlement changes a row), and every fourth write a new payment arrives (a manual payment),
 * so `db.changed` keeps coming. Chromium opens the queue, scrolls SCROLL_ROWS deep, then counts its
 * `/api/queue.*` requests (and their bytes) for WINDOW_MS.
 *
 * Baseline, in the same run: the same count with the queue left at the top (one page loaded). Before
 * `queue.changes`, each change re-read every loaded page (SCROLL_ROWS / 500 requests a burst), so being deep
 * multiplied the requests; the goal is that depth costs nothing: ratio <= 1.5.
 *
 *   npm run bench -- --only refresh     # builds the app first
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { it } from 'vitest';
import { openStore } from '../src/main/store/open';
import { startServeProcess } from '../test/e2e/serve-process';
import { callAs, createFirstSupervisor, type ConsoleSession } from '../test/helpers/serve-session';
import { report, size } from './lib/report';
import { seedQueue } from './lib/queue-seed';

const ROOT = join(__dirname, '..');
const ITEMS = size(20_000, 100_000, 'REFRESH_ITEMS');
const SCROLL_ROWS = 2_000;
const ROW_HEIGHT = 44; // QueueTable's ROW_HEIGHT
const WINDOW_MS = 30_000;
const WRITE_EVERY_MS = 250;
const GOAL_RATIO = 1.5;

const chromiumPath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => Boolean(path && existsSync(path)),
);

interface Window {
  readonly requests: number;
  readonly kiB: number;
  readonly byCommand: Record<string, number>;
  readonly pagesLoaded: number;
}

/** Scrolls the queue body a screenful per frame to `rows` rows (pages load as it nears the end). */
const scrollTo = (rows: number) => `(async () => {
  const body = document.querySelector('[data-queue-body]');
  const target = ${String(rows * ROW_HEIGHT)};
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  let stalled = 0;
  while (body.scrollTop + body.clientHeight < target && stalled < 600) {
    const before = body.scrollTop;
    body.scrollTop = Math.min(target, before + body.clientHeight);
    await frame();
    stalled = body.scrollTop === before ? stalled + 1 : 0;
  }
})()`;

/** The queue's requests since `from` (page clock), by command, with their transferred bytes. */
const queueRequests = (from: number) => `performance.getEntriesByType('resource')
  .filter((e) => e.startTime >= ${String(from)} && e.name.includes('/api/queue.'))
  .map((e) => ({ command: e.name.slice(e.name.indexOf('/api/') + 5), bytes: e.encodedBodySize || e.transferSize }))`;

async function writer(session: ConsoleSession, ids: readonly number[], stop: AbortSignal): Promise<number> {
  let writes = 0;
  while (!stop.aborted) {
    if (writes % 4 === 3) {
      await callAs(session, 'payments.enterManual', {
        processorTxnId: `BENCH-${String(Date.now())}-${String(writes)}`,
        tender: 'cash',
        amount: '25.00',
        ehr: 'epic',
        facility: 'MAIN',
        guarantorAccount: 'G100234',
      });
    } else {
      // A stride through the loaded rows, so changes land deep in the list as well as at its top.
      const id = ids[(writes * 97) % ids.length]!;
      await callAs(session, 'postings.hold', { id, held: writes % 2 === 0 });
    }
    writes += 1;
    await new Promise((resolve) => setTimeout(resolve, WRITE_EVERY_MS));
  }
  return writes;
}

async function measure(
  browser: Browser,
  url: string,
  session: ConsoleSession,
  deep: boolean,
): Promise<Window> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({
      content: `window.sessionStorage.setItem('clearpost.session', ${JSON.stringify(session.sessionId)});
        performance.setResourceTimingBufferSize(100000);`,
    });
    await page.goto(`${url}#/exceptions`);
    await page.locator('[data-queue-body] [role="row"]').first().waitFor({ timeout: 60_000 });
    if (deep) await page.evaluate(scrollTo(SCROLL_ROWS));
    await page.waitForTimeout(1_000);
    // Each queue.list page holds up to 200 rows: what was loaded before the window opened.
    const pagesLoaded = await page.evaluate<number>(
      `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/queue.list')).length`,
    );
    // Rows the writer changes: the first SCROLL_ROWS of the queue, the ones the deep list has loaded.
    const ids: number[] = [];
    let after: string | null = null;
    do {
      const page = (await callAs(session, 'queue.list', { limit: 500, ...(after ? { after } : {}) })).body
        .result as { rows: { postingId: number }[]; next: string | null };
      ids.push(...page.rows.map((r) => r.postingId));
      after = page.next;
    } while (after && ids.length < SCROLL_ROWS);
    const stop = new AbortController();
    const from = await page.evaluate<number>('performance.now()');
    const writing = writer(session, ids, stop.signal);
    await page.waitForTimeout(WINDOW_MS);
    stop.abort();
    await writing;
    const entries = await page.evaluate<{ command: string; bytes: number }[]>(queueRequests(from));
    const byCommand: Record<string, number> = {};
    for (const e of entries) byCommand[e.command] = (byCommand[e.command] ?? 0) + 1;
    return {
      requests: entries.length,
      kiB: entries.reduce((n, e) => n + e.bytes, 0) / 1024,
      byCommand,
      pagesLoaded,
    };
  } finally {
    await context.close();
  }
}

const perMinute = (n: number) => Math.round((n * 60_000) / WINDOW_MS);

it('counts the queue requests per minute while scrolled deep with the engine busy', async () => {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    throw new Error('The console is not built: run `npx electron-vite build` (npm run bench does it).');
  }
  if (!chromiumPath) throw new Error('No Chromium found: set CHROMIUM_PATH.');
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-refresh-'));
  const store = openStore(join(dir, 'clearpost.sqlite'));
  seedQueue(store.db, ITEMS, Date.now(), { exceptionsOnly: true });
  store.db.close();
  const server = await startServeProcess(dir, ['--ehr-sandbox', 'off']);
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const session = await createFirstSupervisor(server.origin, server.token);
    const top = await measure(browser, server.url, session, false);
    const deep = await measure(browser, server.url, session, true);
    report({
      name: 'queue-refresh',
      value: perMinute(deep.requests),
      unit: 'requests/min',
      baseline: perMinute(top.requests),
      goal: `scrolled ${String(SCROLL_ROWS)} rows deep, ratio <= ${String(GOAL_RATIO)}`,
      met: deep.requests <= GOAL_RATIO * Math.max(1, top.requests),
      items: ITEMS,
      writesPerMinute: Math.round(60_000 / WRITE_EVERY_MS),
      newPaymentsPerMinute: Math.round(60_000 / WRITE_EVERY_MS / 4),
      pagesLoadedDeep: deep.pagesLoaded,
      pagesLoadedTop: top.pagesLoaded,
      kiBPerMinuteDeep: perMinute(deep.kiB),
      kiBPerMinuteTop: perMinute(top.kiB),
      requestsDeep: deep.byCommand,
      requestsTop: top.byCommand,
    });
  } finally {
    await browser.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}, 600_000);
