/**
 * Serve mode's main-thread CPU per webhook, the figure the webhook-intake benchmark's ratio depends on and
 * the one that is not noisy on a shared machine. The same encrypted, signed bodies as webhook-intake.bench.ts
 * are sent over loopback HTTP from a worker thread (so the sender's work stays off the measured thread);
 * serve's main thread is measured twice: by `process.threadCpuUsage()` (this thread only, not the intake
 * writer or libuv's pool) and by a CPU profile (node:inspector/promises), whose samples say where it goes.
 * Not part of `npm run bench`: a tool for cutting the main thread's work.
 *
 *   npx vitest run --config bench/vitest.bench.config.ts bench/webhook-profile.bench.ts
 *   WEBHOOKS=4000 PROFILE_OUT=/tmp/webhook.cpuprofile …   (the profile, to open in Chrome DevTools)
 */
import { createPublicKey } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { it } from 'vitest';
import { startIntakeServe } from './lib/intake-serve';
import { round, size } from './lib/report';
import { bareWebhookServer, signedWebhooks, WEBHOOK_PATH, type SignedWebhook } from './lib/signed-webhooks';

const WEBHOOKS = size(3_000, 20_000, 'WEBHOOKS');
const CONCURRENCY = 16;

/**
 * The sender, on a thread of its own: plain JavaScript, keep-alive, CONCURRENCY requests in flight. It is
 * started and handed its bodies before the measurement, and says when it is ready; `go` starts the sending.
 */
const SENDER = `
const { workerData, parentPort } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const { port, path, list, concurrency } = workerData;
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
let next = 0;
const one = (b) => new Promise((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: b.headers }, (res) => {
    res.resume();
    res.on('end', () => res.statusCode === 200 ? resolve() : reject(new Error('answered ' + res.statusCode)));
  });
  req.on('error', reject);
  req.end(b.raw);
});
parentPort.once('message', () => {
  Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < list.length) { const b = list[next]; next += 1; await one(b); }
  })).then(() => { agent.destroy(); parentPort.postMessage({ ok: true }); },
           (e) => parentPort.postMessage({ ok: false, error: String(e) }));
});
parentPort.postMessage({ ready: true });
`;

/** A sender thread holding `list`, ready; `go()` sends every body and resolves once all were answered 200. */
async function sender(port: number, list: readonly SignedWebhook[]): Promise<{ go(): Promise<void> }> {
  const worker = new Worker(SENDER, {
    eval: true,
    workerData: { port, path: WEBHOOK_PATH, list, concurrency: CONCURRENCY },
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return {
    go: () =>
      new Promise<void>((resolve, reject) => {
        worker.once('message', (m: { ok: boolean; error?: string }) => {
          void worker.terminate();
          if (m.ok) resolve();
          else reject(new Error(m.error));
        });
        worker.once('error', reject);
        worker.postMessage('go');
      }),
  };
}

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

const shortUrl = (url: string) => url.replace(/^.*\/(node_modules|src|bench)\//, '$1/') || '(native)';
const frameName = (node: ProfileNode) =>
  `${node.callFrame.functionName || '(anonymous)'} ${shortUrl(node.callFrame.url)}:${String(node.callFrame.lineNumber + 1)}`;

/**
 * Self time per function and per file (µs), idle excluded; and each sample charged to its nearest caller in
 * the project's own code (`src/`), so that native and library time shows under the code that asked for it.
 */
function selfTimes(profile: Profile): {
  busyUs: number;
  byFunction: [string, number][];
  byFile: [string, number][];
  byOwnCaller: [string, number][];
} {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ownCaller = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = nodes.get(at);
      if (node && /\/src\//.test(node.callFrame.url)) return frameName(node);
    }
    return `(outside src) ${nodes.get(id) ? frameName(nodes.get(id) as ProfileNode) : ''}`;
  };
  const fn = new Map<string, number>();
  const file = new Map<string, number>();
  const own = new Map<string, number>();
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (!node || node.callFrame.functionName === '(idle)') return;
    busyUs += dt;
    const name = frameName(node);
    fn.set(name, (fn.get(name) ?? 0) + dt);
    const url = shortUrl(node.callFrame.url);
    file.set(url, (file.get(url) ?? 0) + dt);
    const caller = ownCaller(id);
    own.set(caller, (own.get(caller) ?? 0) + dt);
  });
  const top = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
  return { busyUs, byFunction: top(fn), byFile: top(file), byOwnCaller: top(own) };
}

it(`webhook profile: serve's main thread per webhook, ${String(WEBHOOKS)} encrypted, signed webhooks`, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clearpost-bench-webhook-profile-'));
  const serve = await startIntakeServe(dir);
  try {
    const mleKey = await serve.app.trust.mle.ensure();
    const publicKey = createPublicKey(mleKey.publicKeyPem);
    const warm = await signedWebhooks('PROFILE-WARM-', 500, mleKey.kid, publicKey);
    const list = await signedWebhooks('PROFILE-', WEBHOOKS, mleKey.kid, publicKey);
    await (await sender(serve.port, warm)).go();

    // First the thread's CPU alone (no profiler running), then again with the profiler, on new bodies.
    const plain = await sender(serve.port, list);
    const cpuBefore = process.threadCpuUsage();
    const started = performance.now();
    await plain.go();
    const wallMs = performance.now() - started;
    const cpu = process.threadCpuUsage(cpuBefore);

    // The bare server's main thread on the same bodies (it stores nothing, so they can be sent again).
    const { named: privateKey } = await serve.app.trust.mle.candidates(mleKey.kid);
    if (!privateKey) throw new Error('no private key');
    const bare = bareWebhookServer(privateKey);
    await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()));
    const barePort = (bare.address() as AddressInfo).port;
    await (await sender(barePort, warm)).go();
    const bareSender = await sender(barePort, list);
    const bareCpuBefore = process.threadCpuUsage();
    await bareSender.go();
    const bareCpu = process.threadCpuUsage(bareCpuBefore);
    await new Promise<void>((r) => bare.close(() => r()));

    const profiled = await sender(
      serve.port,
      await signedWebhooks('PROFILED-', WEBHOOKS, mleKey.kid, publicKey),
    );
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const profiledCpuBefore = process.threadCpuUsage();
    await profiled.go();
    const profiledCpu = process.threadCpuUsage(profiledCpuBefore);
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
    session.disconnect();
    if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));

    const stored = serve.app.repos.events.count();
    if (stored !== 2 * WEBHOOKS + warm.length) throw new Error(`serve stored ${String(stored)} events`);
    const { busyUs, byFunction, byFile, byOwnCaller } = selfTimes(profile);
    const perWebhook = (us: number) => round(us / 1000 / WEBHOOKS, 4);
    process.stdout.write(
      `${JSON.stringify({
        name: 'webhook-profile',
        webhooks: WEBHOOKS,
        concurrency: CONCURRENCY,
        // Serve's main thread only (user + system), per webhook, without the profiler.
        mainThreadCpuMsPerWebhook: perWebhook(cpu.user + cpu.system),
        wallMsPerWebhook: round(wallMs / WEBHOOKS, 4),
        // The bare server's main thread on the same bodies, and what serve's CPU allows the bench's ratio to be.
        bareMainThreadCpuMsPerWebhook: perWebhook(bareCpu.user + bareCpu.system),
        cpuRatio: round((bareCpu.user + bareCpu.system) / (cpu.user + cpu.system), 3),
        // With the profiler: its own cost included; sampled time also counts time the thread was descheduled.
        profiledCpuMsPerWebhook: perWebhook(profiledCpu.user + profiledCpu.system),
        profiledBusyMsPerWebhook: perWebhook(busyUs),
      })}\n`,
    );
    const lines = (title: string, rows: [string, number][]) =>
      `${title}\n${rows.map(([k, us]) => `  ${perWebhook(us).toFixed(4)} ms  ${k}`).join('\n')}\n`;
    process.stdout.write(lines('self time per webhook, by file', byFile));
    process.stdout.write(lines('self time per webhook, by function', byFunction));
    process.stdout.write(lines('time per webhook, by nearest caller in src/', byOwnCaller));
  } finally {
    await serve.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
