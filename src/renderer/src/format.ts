import { displayMoney } from '../../shared/money';
import type { CurrencyTotal } from '../../shared/commands/console';
import type { Channel, EpochMs, PostingStatus } from '../../shared/domain';
import { statusName } from '../../shared/words';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric' });

export const formatWhen = (ms: EpochMs | null): string => (ms === null ? '—' : dateTime.format(ms));
export const formatDay = (ms: EpochMs): string => dayLabel.format(ms);
export const formatMoney = (amountMinor: number, currency: string): string =>
  displayMoney(amountMinor, currency);
export const statusLabel = (status: PostingStatus): string => statusName(status);

/** "$1,250.00" for one currency, "$1,250.00 + €80.00" for several, "$0.00" for none. */
export function formatTotals(totals: readonly CurrencyTotal[], fallbackCurrency = 'USD'): string {
  if (totals.length === 0) return displayMoney(0, fallbackCurrency);
  return totals.map((t) => displayMoney(t.amountMinor, t.currency)).join(' + ');
}

/** "in 3 h", "5 min ago": how far an instant is from now, for window expiries. */
export function formatRelative(ms: EpochMs, now = Date.now()): string {
  const delta = ms - now;
  const minutes = Math.round(Math.abs(delta) / 60_000);
  const text =
    minutes < 60
      ? `${String(minutes)} min`
      : minutes < 48 * 60
        ? `${String(Math.round(minutes / 60))} h`
        : `${String(Math.round(minutes / 1440))} days`;
  return delta >= 0 ? `in ${text}` : `${text} ago`;
}

export const CHANNEL_LABEL: Record<Channel, string> = {
  api: 'API',
  daily_file: 'Daily file',
  manual: 'Manual workflow',
  exception: 'Not routable',
};

/** A moment's day in the console's time zone as `YYYY-MM-DD`, the form date fields and filters take. */
export function localIsoDay(ms: EpochMs): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear())}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
