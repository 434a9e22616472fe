/**
 * Benchmark (issue #9, item 6): the exception queue in Chromium with 100,000 items (and 1,000,000 with
 * `--full`). The built serve mode runs on a data folder seeded with that many open exceptions; Chromium opens
 * the queue straight from the printed address and the page measures, with its own clock:
 *   - time to first rows: navigation start to the first queue row in the DOM (what an operator waits for);
 *   - the longest task while scrolling ~5,000 rows (25 keyset pages fetched as the list nears its end),
 *     from a PerformanceObserver for 'longtask' installed before any of the console's code runs.
 * Baseline, in the same run: the same measurements on a folder with 1,000 items (scrolled to its end).
 *
 * Goal: first rows <= 1,000 ms, a second being where an operator starts to feel a wait (the 1,000-item
 * baseline on this 2-core machine is well under that, so the margin is the queue's, not the app boot's);
 * and no task over 200 ms while scrolling, since a 200 ms freeze is a visible stutter and 50 ms (the long
 * task threshold) a dropped frame or three, which a busy machine produces anyway.
 *
 *   npm run bench -- --only console            # 100,000 items (builds the app first)
 *   npm run bench -- --only console --full     # also 1,000,000 items
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { it } from 'vitest';
import { openStore } from '../src/main/store/open';
import { startServeProcess } from '../test/e2e/serve-process';
import { createFirstSupervisor } from '../test/helpers/serve-session';
import { FULL, percentile, report, size, time } from './lib/report';
import { seedQueue } from './lib/queue-seed';

const ROOT = join(__dirname, '..');
const ITEMS = size(100_000, 100_000, 'CONSOLE_ITEMS');
const BASELINE_ITEMS = 1_000;
const SCROLL_ROWS = 5_000;
const ROW_HEIGHT = 44; // QueueTable's ROW_HEIGHT
const GOAL_FIRST_ROWS_MS = 1_000;
const GOAL_LONGEST_TASK_MS = 200;

const chromiumPath = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].find((path): path is string => Boolean(path && existsSync(path)));

/** A data folder whose database holds `items` open exceptions (and nothing else). */
function seededFolder(items: number): { dir: string; seedMs: number } {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-console-'));
  const store = openStore(join(dir, 'clearpost.sqlite'));
  const seeded = time(() => seedQueue(store.db, items, Date.now(), { exceptionsOnly: true }));
  store.db.close();
  return { dir, seedMs: seeded.ms };
}

interface PageFigures {
  readonly firstRowsMs: number;
  readonly longestTaskMs: number;
  readonly longTasks: number;
  readonly rowsScrolled: number;
  readonly scrollMs: number;
  readonly longestLoadTaskMs: number;
  readonly firstListRequestAtMs: number;
  readonly firstListRequestMs: number;
  readonly pageRequestP50Ms: number;
  readonly pages: number;
}

// The page-side code goes to Chromium as text: functions handed to page.evaluate would carry the bundler's
// helpers with them, which do not exist in the page.

/** Runs in the page before the console's code: records long tasks and when the first queue row appears. */
const INSTRUMENT = `(() => {
  const bench = { firstRowAt: null, tasks: [] };
  window.__bench = bench;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
  const observer = new MutationObserver(() => seen());
  const seen = () => {
    if (bench.firstRowAt === null && document.querySelector('[data-queue-body] [role="row"]')) {
      bench.firstRowAt = performance.now();
      observer.disconnect();
    }
  };
  document.addEventListener('DOMContentLoaded', () => {
    observer.observe(document.body, { childList: true, subtree: true });
    seen();
  });
})()`;

/** Scrolls the queue body a screenful per frame, to `rows` rows or the end of the list. */
const scrollQueue = (rows: number) => `(async () => {
  const body = document.querySelector('[data-queue-body]');
  if (!body) throw new Error('no queue body');
  const target = ${String(rows * ROW_HEIGHT)};
  const started = performance.now();
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  let stalled = 0;
  while (body.scrollTop + body.clientHeight < target) {
    const before = body.scrollTop;
    body.scrollTop = Math.min(target, before + body.clientHeight);
    await frame();
    // At the end of what is loaded the list waits for its next page; ~10 s of waiting means the end.
    stalled = body.scrollTop === before ? stalled + 1 : 0;
    if (stalled > 600) break;
  }
  return { rows: Math.round((body.scrollTop + body.clientHeight) / ${String(ROW_HEIGHT)}), ms: performance.now() - started };
})()`;

interface Task {
  readonly start: number;
  readonly duration: number;
}

async function measure(browser: Browser, url: string, sessionId: string): Promise<PageFigures> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: INSTRUMENT });
    // Signed in already (the tab's session, as after the sign-in form): the figure is opening the queue.
    await page.addInitScript({
      content: `window.sessionStorage.setItem('clearpost.session', ${JSON.stringify(sessionId)});`,
    });
    await page.goto(`${url}#/exceptions`);
    await page.locator('[data-queue-body] [role="row"]').first().waitFor({ timeout: 60_000 });
    const firstRowsMs = await page.evaluate<number>('window.__bench.firstRowAt');
    // Let the first page's work (and the count behind the header) settle before scrolling starts.
    await page.getByTestId('queue-summary').filter({ hasText: /item/ }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(500);
    const scrollFrom = await page.evaluate<number>('performance.now()');
    const scrolled = await page.evaluate<{ rows: number; ms: number }>(scrollQueue(SCROLL_ROWS));
    await page.waitForTimeout(200); // a task still running at the end is reported once it ends
    const tasks = await page.evaluate<Task[]>('window.__bench.tasks');
    // Where the time goes: each queue page's request, from the browser's resource timing.
    const requests = await page.evaluate<Task[]>(
      `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/queue.list'))
        .map((e) => ({ start: e.startTime, duration: e.responseEnd - e.startTime }))`,
    );
    const during = tasks.filter((t) => t.start >= scrollFrom);
    const loading = tasks.filter((t) => t.start < scrollFrom);
    return {
      firstRowsMs,
      longestTaskMs: Math.max(0, ...during.map((t) => t.duration)),
      longTasks: during.length,
      rowsScrolled: scrolled.rows,
      scrollMs: scrolled.ms,
      longestLoadTaskMs: Math.max(0, ...loading.map((t) => t.duration)),
      firstListRequestAtMs: requests[0]?.start ?? NaN,
      firstListRequestMs: requests[0]?.duration ?? NaN,
      pageRequestP50Ms: percentile(
        requests.slice(1).map((r) => r.duration),
        50,
      ),
      pages: requests.length,
    };
  } finally {
    await context.close();
  }
}

/**
 * Waits until the just-started server answers at once: its start-up work (the engine's first pass over the
 * queue, opening connections) is the startup benchmark's to measure; this one measures an operator opening
 * the queue on a running Clearpost.
 */
async function settled(url: string): Promise<void> {
  let quick = 0;
  const until = Date.now() + 20_000;
  while (quick < 3 && Date.now() < until) {
    const took = performance.now();
    await (await fetch(url)).arrayBuffer();
    quick = performance.now() - took < 20 ? quick + 1 : 0;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function run(browser: Browser, items: number): Promise<PageFigures & { seedMs: number }> {
  const { dir, seedMs } = seededFolder(items);
  const server = await startServeProcess(dir, ['--ehr-sandbox', 'off']);
  try {
    await settled(server.url);
    const { sessionId } = await createFirstSupervisor(server.origin, server.token);
    return { ...(await measure(browser, server.url, sessionId)), seedMs };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (n: number) => Math.round(n * 10) / 10;

it('opens and scrolls the exception queue in Chromium', async () => {
  if (!existsSync(join(ROOT, 'out', 'renderer', 'index.html'))) {
    throw new Error('The console is not built: run `npx electron-vite build` (npm run bench does it).');
  }
  if (!chromiumPath) throw new Error('No Chromium found: set CHROMIUM_PATH.');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const baseline = await run(browser, BASELINE_ITEMS);
    const sizes = FULL ? [ITEMS, 1_000_000] : [ITEMS];
    for (const items of sizes) {
      const r = await run(browser, items);
      report({
        name: items >= 1_000_000 ? 'console-1m' : `console-${String(Math.round(items / 1_000))}k`,
        value: r.firstRowsMs,
        unit: 'ms',
        baseline: baseline.firstRowsMs,
        goal: `first rows <= ${String(GOAL_FIRST_ROWS_MS)} ms and longest task <= ${String(GOAL_LONGEST_TASK_MS)} ms`,
        met: r.firstRowsMs <= GOAL_FIRST_ROWS_MS && r.longestTaskMs <= GOAL_LONGEST_TASK_MS,
        items,
        longestTaskMs: round(r.longestTaskMs),
        longTasks: r.longTasks,
        rowsScrolled: r.rowsScrolled,
        scrollMs: round(r.scrollMs),
        longestLoadTaskMs: round(r.longestLoadTaskMs),
        firstListRequestAtMs: round(r.firstListRequestAtMs),
        firstListRequestMs: round(r.firstListRequestMs),
        pageRequestP50Ms: round(r.pageRequestP50Ms),
        pagesFetched: r.pages,
        baselineItems: BASELINE_ITEMS,
        baselineLongestTaskMs: round(baseline.longestTaskMs),
        baselineLongTasks: baseline.longTasks,
        baselineRowsScrolled: baseline.rowsScrolled,
        seedSeconds: round(r.seedMs / 1_000),
      });
    }
  } finally {
    await browser.close();
  }
}, 3_600_000);
