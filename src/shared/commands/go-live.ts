/**
 * The guided switch from the sandbox to live EHRs: what is done, what is left, and the exact restart that
 * starts the engine on the production database (never the sandbox's). The checklist reads; it changes
 * nothing by itself.
 */
import { command, none } from './define';

export type GoLiveItemId = 'connections' | 'webhook' | 'email' | 'supervisor' | 'schedule';

export interface GoLiveItem {
  readonly id: GoLiveItemId;
  readonly done: boolean;
  /** What was found, or what is left to do, in plain words. */
  readonly detail: string;
}

export interface GoLiveView {
  readonly items: readonly GoLiveItem[];
  /** Which database this running Clearpost uses. */
  readonly running: 'sandbox' | 'production';
  /** The production database of this data folder (the sandbox's is a separate file). */
  readonly productionDatabase: {
    readonly path: string;
    /** absent: not made yet; fresh: holds no payment; in-use: holds payments. */
    readonly state: 'absent' | 'fresh' | 'in-use';
  };
  /** The restart that starts the engine against the saved connections on the production database. */
  readonly restart: {
    /** A command line to run (serve mode), or what to do (desktop). */
    readonly instruction: string;
    /** Whether this Clearpost can restart itself from the console (Settings → Restart now). */
    readonly offered: boolean;
  };
}

export interface RestartAnswer {
  readonly restarting: boolean;
  readonly message: string;
}

export const GO_LIVE_COMMANDS = {
  'settings.goLive': command<GoLiveView>()(
    'The switch-to-live checklist: connections tested, webhook subscription, email tested, first supervisor, schedule.',
    none,
  ),
  'settings.restart': command<RestartAnswer>()(
    'Restarts Clearpost in place to apply saved connections and webhook subscriptions, where the host can.',
    none,
  ),
} as const;
