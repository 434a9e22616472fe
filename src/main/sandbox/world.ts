/**
 * The sandbox's synthetic hospital: facilities on each EHR, guarantors with accounts and encounters, a few
 * closed encounters and combined accounts. The simulators' directories and the traffic generator both come
 * from it, so "unknown account" and "closed encounter" exceptions arise the way they do in production.
 */
import type { EhrSystem, EventKind } from '../../shared/domain';
import type { AccountInfo, EncounterInfo, SimDirectory } from './directory';
import { seededRandom } from './random';

export interface Facility {
  readonly code: string;
  readonly name: string;
  readonly ehr: EhrSystem;
}

export interface Guarantor {
  readonly account: string;
  readonly ehr: EhrSystem;
  readonly facility: string;
  readonly encounters: readonly string[];
  readonly combinedInto: string | null;
}

export interface SandboxWorld {
  readonly facilities: readonly Facility[];
  readonly guarantors: readonly Guarantor[];
  readonly closedEncounters: ReadonlySet<string>;
  readonly directories: Readonly<Record<EhrSystem, SimDirectory>>;
}

/** The sandbox hospital's time zone: it decides posting days. */
export const SANDBOX_TIME_ZONE = 'America/Chicago';

export const SANDBOX_FACILITIES: readonly Facility[] = [
  { code: 'NORTH', name: 'North Campus (Oracle Health)', ehr: 'oracle_health' },
  { code: 'SOUTH', name: 'South Campus (Oracle Health)', ehr: 'oracle_health' },
  { code: 'RIVERSIDE', name: 'Riverside Medical Center (Epic)', ehr: 'epic' },
];

/** Site aliases the sandbox's Oracle Health "site" defines (configured the same way on the connection). */
export const SANDBOX_ORACLE_ALIASES = {
  one_time_payment: '0111',
  payment_plan: '0112',
  reversal: '0911',
  refund: '0912',
  chargeback: '0913',
  echeck_return: '0914',
} as const;

export const SANDBOX_ORACLE_ALIAS_KINDS: Readonly<Record<string, EventKind>> = {
  [SANDBOX_ORACLE_ALIASES.one_time_payment]: 'one_time_payment',
  [SANDBOX_ORACLE_ALIASES.payment_plan]: 'payment_plan',
  [SANDBOX_ORACLE_ALIASES.reversal]: 'void',
  [SANDBOX_ORACLE_ALIASES.refund]: 'refund',
  // A chargeback's or a returned eCheck's reversal takes money back off the account, as a refund does.
  [SANDBOX_ORACLE_ALIASES.chargeback]: 'refund',
  [SANDBOX_ORACLE_ALIASES.echeck_return]: 'refund',
};

export function createSandboxWorld(seed = 7, guarantorsPerFacility = 25): SandboxWorld {
  const random = seededRandom(seed);
  const guarantors: Guarantor[] = [];
  const closedEncounters = new Set<string>();
  const directories: Record<
    EhrSystem,
    { encounters: Map<string, EncounterInfo>; accounts: Map<string, AccountInfo> }
  > = {
    oracle_health: { encounters: new Map(), accounts: new Map() },
    epic: { encounters: new Map(), accounts: new Map() },
  };
  for (const facility of SANDBOX_FACILITIES) {
    const directory = directories[facility.ehr];
    const mine: Guarantor[] = [];
    for (let i = 0; i < guarantorsPerFacility; i += 1) {
      const account = facility.ehr === 'epic' ? `4${random.digits(7)}` : `G${random.digits(8)}`;
      const encounters: string[] = [];
      const count = random.int(1, 3);
      for (let e = 0; e < count; e += 1) {
        const encounter = facility.ehr === 'epic' ? `HAR${random.digits(8)}` : random.digits(8);
        const closed = random.chance(0.08);
        if (closed) closedEncounters.add(encounter);
        directory.encounters.set(encounter, { state: closed ? 'closed' : 'open', guarantorAccount: account });
        encounters.push(encounter);
      }
      // A few guarantor records were merged into another (the combined-account exception).
      const target = mine.length > 0 && random.chance(0.06) ? random.pick(mine).account : null;
      directory.accounts.set(
        account,
        target ? { state: 'combined', combinedInto: target } : { state: 'active' },
      );
      const guarantor = {
        account,
        ehr: facility.ehr,
        facility: facility.code,
        encounters,
        combinedInto: target,
      };
      mine.push(guarantor);
      guarantors.push(guarantor);
    }
  }
  return { facilities: SANDBOX_FACILITIES, guarantors, closedEncounters, directories };
}
