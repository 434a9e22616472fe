/**
 * The access control the dispatcher applies: who the caller is (their role) and what a call needs (the
 * command's minimum role, raised to supervisor for manual posting above the configured amount, and for
 * releasing a late payment a closed month holds: it moves money into the open month's balance).
 */
import type { Role } from '../../shared/commands/access';
import type { CommandName } from '../../shared/contract';
import { MoneyError, parseMinor } from '../../shared/money';
import type { AccessControl, Caller } from './caller';
import { exceedsManualLimit, type ManualPostingLimits, type PaymentAmount } from './posting-amount';
import { minimumRole } from './roles';

export interface AccessPolicyDeps {
  /** Limits per currency; read on every call, so a change in settings applies at once. */
  readonly manualPostingLimitsMinor: () => ManualPostingLimits;
  /** The amount and currency of a posting's payment, for "marked as posted by hand". */
  readonly postingAmount: (postingId: number) => PaymentAmount | null;
  /** Whether a posting's payment is a late event a closed period still holds. */
  readonly holdsLateEvent: (postingId: number) => boolean;
  /** Desktop: the OS user's role from settings. */
  readonly desktopRole: (osUser: string) => Role;
}

export function createAccessPolicy(deps: AccessPolicyDeps): AccessControl {
  return {
    roleOf(caller: Caller): Role {
      if (caller.role) return caller.role;
      switch (caller.transport) {
        case 'ipc':
          return deps.desktopRole(caller.actor);
        // Whoever runs the command line or a test holds the database file itself.
        case 'cli':
        case 'test':
          return 'supervisor';
        case 'http':
          // The HTTP transport always names the role; a call without one gets the least.
          return 'viewer';
      }
    },
    requiredRole(name: CommandName, args: unknown): Role {
      const base = minimumRole(name);
      const limits = deps.manualPostingLimitsMinor();
      const a = args as Record<string, unknown>;
      if (name === 'payments.enterManual' && typeof a.amount === 'string') {
        try {
          const currency = typeof a.currency === 'string' ? a.currency.trim().toUpperCase() : 'USD';
          const amountMinor = parseMinor(a.amount, currency);
          if (exceedsManualLimit(limits, { amountMinor, currency })) return 'supervisor';
        } catch (error) {
          // An amount that does not parse is refused by the handler with its own message.
          if (!(error instanceof MoneyError)) throw error;
        }
      }
      // Releasing a late payment of a closed month moves it into the open month's balance
      // (reconciliation/close/late-release.ts): a supervisor's decision, like the close itself. Holding it, or
      // releasing any other hold, stays an operator's.
      const releasing = name === 'postings.hold' && a.held === false && typeof a.id === 'number';
      if (releasing && deps.holdsLateEvent(a.id as number)) return 'supervisor';
      if (name === 'postings.markManual' && typeof a.id === 'number') {
        const amount = deps.postingAmount(a.id);
        if (amount !== null && exceedsManualLimit(limits, amount)) return 'supervisor';
      }
      return base;
    },
  };
}

/** Desktop roles: while no OS user is named, whoever runs Clearpost is its supervisor (first run). */
export function desktopRoleFrom(access: {
  readonly desktopUsers: Readonly<Record<string, Role>>;
  readonly desktopDefaultRole: Role;
}): (osUser: string) => Role {
  return (osUser) => {
    if (Object.keys(access.desktopUsers).length === 0) return 'supervisor';
    return Object.hasOwn(access.desktopUsers, osUser)
      ? (access.desktopUsers[osUser] ?? access.desktopDefaultRole)
      : access.desktopDefaultRole;
  };
}
