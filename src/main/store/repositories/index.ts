import type { Database } from 'better-sqlite3';
import { approvalsRepository } from './approvals';
import { attemptsRepository } from './attempts';
import { auditRepository } from './audit';
import { bankDepositsRepository } from './bank-deposits';
import { cashBalanceRepository } from './cash-balance';
import { cashMatchingRepository } from './cash-matching';
import { cashUnpostedRepository } from './cash-unposted';
import { chargebacksRepository } from './chargebacks';
import { echeckReturnsRepository } from './echeck-returns';
import { eventsRepository } from './events';
import { fundingRepository } from './funding';
import { importedFilesRepository } from './imported-files';
import { intakeKeysRepository } from './intake-keys';
import { intakeSettingsRepository } from './intake-settings';
import { notesRepository } from './notes';
import { periodCloseRepository } from './period-close';
import { postingsRepository } from './postings';
import { quarantineRepository } from './quarantine';
import { sessionsRepository } from './sessions';
import { webhookDeliveriesRepository } from './webhook-deliveries';

export function createRepositories(db: Database) {
  return {
    events: eventsRepository(db),
    postings: postingsRepository(db),
    attempts: attemptsRepository(db),
    notes: notesRepository(db),
    audit: auditRepository(db),
    quarantine: quarantineRepository(db),
    importedFiles: importedFilesRepository(db),
    intakeKeys: intakeKeysRepository(db),
    intakeSettings: intakeSettingsRepository(db),
    webhookDeliveries: webhookDeliveriesRepository(db),
    sessions: sessionsRepository(db),
    funding: fundingRepository(db),
    bankDeposits: bankDepositsRepository(db),
    cashMatching: cashMatchingRepository(db),
    cashBalance: cashBalanceRepository(db),
    cashUnposted: cashUnpostedRepository(db),
    chargebacks: chargebacksRepository(db),
    echeckReturns: echeckReturnsRepository(db),
    periodClose: periodCloseRepository(db),
    approvals: approvalsRepository(db),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
