import type { BackupStatus, SnapshotInfo } from '../../../shared/commands/backups';
import type { ConnectionTestResult, WebhookIntakeView } from '../../../shared/commands/settings';
import type { Sessions } from '../../auth/sessions';
import type { SettingsStore } from '../../settings/settings-store';
import type { AccountsRepository } from '../../store/repositories/accounts';
import type { Vault } from '../../vault/vault';

/** What the settings, vault, access, audit and backup handlers use. */
export interface TrustContext {
  readonly settings: SettingsStore;
  readonly vault: Vault;
  readonly accounts: AccountsRepository;
  readonly sessions: Sessions;
  readonly auditHeadFile: string;
  testConnection(id: string): Promise<ConnectionTestResult>;
  backupStatus(): BackupStatus;
  snapshotNow(): SnapshotInfo;
  /** Cybersource webhook intake for Settings: MLE keys, each subscription's checks (absent in tests). */
  webhookIntake?(): Promise<WebhookIntakeView>;
}
