/**
 * Quitting drains. The core's `close()` stops the engine from claiming, waits for the payments already sent to
 * be answered and settled, makes the last commits durable (the final WAL sync) and flushes the log. A host
 * that exits without waiting for it cuts all three, and every payment cut mid-send must then be verified
 * with the EHR at the next start. So each host holds its quit until `close()` is done, for a bounded time:
 * past the bound it exits anyway, which is exactly a kill, and a kill is safe (recovery at the next start).
 *
 * Used by the Electron host (`will-quit`, see https://www.electronjs.org/docs/latest/api/app#event-will-quit:
 * "Calling event.preventDefault() will prevent the default behavior, which is terminating the application")
 * and by serve mode (SIGTERM, SIGINT). Plain Node, so it is tested without Electron.
 */
import type { Logger } from './logger';

/** How long a quit waits for the drain by default: longer than an EHR answer takes, short of a user's patience. */
export const DEFAULT_DRAIN_BOUND_MS = 10_000;

export type DrainOutcome =
  { readonly drained: true } | { readonly drained: false; readonly reason: 'bound_passed' | 'close_failed' };

/** Runs `close`, waiting at most `boundMs` for it. Never rejects. */
export async function drainWithin(close: () => Promise<void>, boundMs: number): Promise<DrainOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<DrainOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ drained: false, reason: 'bound_passed' }), boundMs);
  });
  const closing = close().then(
    (): DrainOutcome => ({ drained: true }),
    (): DrainOutcome => ({ drained: false, reason: 'close_failed' }),
  );
  try {
    return await Promise.race([closing, bound]);
  } finally {
    clearTimeout(timer);
  }
}

export interface QuitDrainOptions {
  /** The core's `close()`: null while the core has not started (nothing to drain). */
  readonly close: () => Promise<void> | null;
  /** Ends the process: `app.exit` under Electron, `process.exit` in serve mode. */
  readonly exit: (code: number) => void;
  readonly boundMs?: number;
  /** The core's logger once it exists. */
  readonly logger?: () => Logger | null;
}

export interface QuitDrain {
  /**
   * Electron's `will-quit`: prevents the quit, drains, then exits. Exits with 0 once drained, 1 when the bound
   * passed or the close failed.
   */
  onQuitEvent(event: { preventDefault(): void }): void;
  /** SIGTERM or SIGINT: the same. A second signal while draining exits at once (an operator insisting). */
  onSignal(signal: string): void;
  /** The drain under way, or null before the first quit. */
  readonly draining: Promise<DrainOutcome> | null;
}

export function createQuitDrain(options: QuitDrainOptions): QuitDrain {
  const boundMs = options.boundMs ?? DEFAULT_DRAIN_BOUND_MS;
  const log = () => options.logger?.() ?? null;
  let draining: Promise<DrainOutcome> | null = null;
  let exited = false;
  const exit = (code: number) => {
    if (exited) return;
    exited = true;
    options.exit(code);
  };

  const start = (why: string): Promise<DrainOutcome> => {
    log()?.info({ why, boundMs }, 'quitting: draining the engine and closing the store');
    draining = drainWithin(() => options.close() ?? Promise.resolve(), boundMs).then((outcome) => {
      if (!outcome.drained) {
        // The log may already be closed; the line is best effort and never throws (rotating-file.ts).
        log()?.warn(
          { reason: outcome.reason, boundMs },
          'quitting without a complete drain: anything in flight is checked with the EHR at the next start',
        );
      }
      exit(outcome.drained ? 0 : 1);
      return outcome;
    });
    return draining;
  };

  return {
    onQuitEvent(event) {
      if (exited) return;
      event.preventDefault();
      if (!draining) void start('quit');
    },
    onSignal(signal) {
      if (draining) {
        log()?.warn({ signal }, 'second signal while draining: exiting now');
        exit(1);
        return;
      }
      void start(signal);
    },
    get draining() {
      return draining;
    },
  };
}
