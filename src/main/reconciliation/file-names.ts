/** Report file names: kind, facility and business date, so a folder of daily files sorts and reads plainly. */
import type { IsoDate } from '../../shared/domain';
import type { DateBasis } from './date-basis';

/** Facility codes become part of a file name: anything but letters, digits, - and _ becomes _. */
export function fileSafe(facility: string): string {
  const safe = facility.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60);
  return safe === '' ? '_' : safe;
}

export function reportFileName(
  kind: 'recon' | 'detail',
  facility: string,
  date: IsoDate,
  basis: DateBasis,
  suffix: string,
): string {
  // The transaction basis is the default and keeps the plain name; another basis says so in the name.
  const basisPart = basis === 'transaction' ? '' : `_${basis}`;
  return `${kind}_${fileSafe(facility)}_${date}${basisPart}${suffix}`;
}

export function epicVoidFileName(facility: string, date: IsoDate): string {
  return `epic-voids_${fileSafe(facility)}_${date}.txt`;
}

/** A file-only facility's daily posting file (Soarian, Revelate): `.csv` when comma-delimited, else `.txt`. */
export function postingFileName(facility: string, date: IsoDate, extension: '.csv' | '.txt'): string {
  return `posting_${fileSafe(facility)}_${date}${extension}`;
}
