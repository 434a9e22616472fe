import { displayMoney } from '../../shared/money';
import { STATUS_INFO, type EpochMs, type PostingStatus } from '../../shared/domain';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatWhen = (ms: EpochMs | null): string => (ms === null ? '—' : dateTime.format(ms));
export const formatMoney = (amountMinor: number, currency: string): string =>
  displayMoney(amountMinor, currency);
export const statusLabel = (status: PostingStatus): string => STATUS_INFO[status].label;
