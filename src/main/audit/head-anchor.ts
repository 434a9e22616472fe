/**
 * Copies the audit chain head out of the database now and then (and on close). The copy only ever moves
 * forward along the same chain: if the entry it recorded is gone or changed, the copy is kept as the
 * evidence and an error is logged, rather than overwritten with the tampered chain's head.
 */
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { AuditRepository } from '../store/repositories/audit';
import { AuditHeadError, readAuditHead, writeAuditHead } from './chain-head-file';

export type AnchorOutcome = 'written' | 'unchanged' | 'refused';

export interface HeadAnchor {
  /** Copies the current head if it moved on; see the module comment for 'refused'. */
  flush(): AnchorOutcome;
  start(): void;
  /** Restarts the wait with the current interval (after the setting changed); nothing when not started. */
  rearm(): void;
  stop(): void;
}

export const DEFAULT_ANCHOR_INTERVAL_MS = 60_000;

export function createHeadAnchor(deps: {
  readonly audit: AuditRepository;
  readonly file: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Read at every wait, so a changed setting applies from the next copy (see `rearm`). */
  readonly intervalMs?: () => number;
}): HeadAnchor {
  const { audit, file, clock, logger } = deps;
  const intervalMs = deps.intervalMs ?? (() => DEFAULT_ANCHOR_INTERVAL_MS);
  let timer: NodeJS.Timeout | null = null;
  let warned = false;

  const flush = (): AnchorOutcome => {
    const head = audit.headEntry();
    if (!head) return 'unchanged';
    let previous;
    try {
      previous = readAuditHead(file);
    } catch (error) {
      return refuse(error instanceof AuditHeadError ? error.message : String(error));
    }
    if (previous) {
      if (audit.hashAt(previous.id) !== previous.hash) {
        return refuse(
          `The audit log no longer holds entry ${String(previous.id)} as ${file} recorded it. ` +
            'Run `clearpost audit verify` and keep both files for investigation.',
        );
      }
      if (previous.id === head.id) return 'unchanged';
    }
    writeAuditHead(file, head, clock.now());
    warned = false;
    return 'written';
  };

  const refuse = (message: string): AnchorOutcome => {
    // Once per problem, not once a minute: the verify action gives the details.
    if (!warned) logger.error({ file }, `audit chain head not copied: ${message}`);
    warned = true;
    return 'refused';
  };

  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        flush();
      } catch (error) {
        logger.error({ err: error }, 'copying the audit chain head failed');
      }
      arm();
    }, intervalMs());
    timer.unref();
  };

  return {
    flush,
    start() {
      if (!timer) arm();
    },
    rearm() {
      if (timer) arm();
    },
    stop() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
