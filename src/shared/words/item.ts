/**
 * The reason and next step of one item, as every screen shows them: the table's sentence for a known code,
 * the EHR's own words beside it (cleaned), and the stored text only when the table does not know the code.
 */
import { EHR_LABEL, type EhrSystem } from '../domain';
import { plainText } from './plain';
import { EHR_REASONS, reasonWords } from './reasons';

export interface ItemReasonInput {
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly nextStep: string | null;
  readonly ehr: EhrSystem;
}

export interface ItemReason {
  /** Why, in one sentence; null when nothing went wrong. */
  readonly sentence: string | null;
  /** The EHR's (or intake's) own words when they add to the sentence; shown smaller, never instead. */
  readonly detail: string | null;
  readonly nextStep: string | null;
}

export function itemReason(item: ItemReasonInput): ItemReason {
  const ehr = EHR_LABEL[item.ehr];
  const row = reasonWords(item.reasonCode, ehr);
  const stored = item.reason ? plainText(item.reason) : null;
  const nextStep = item.nextStep ? plainText(item.nextStep) : (row?.nextStep ?? null);
  // The connectors' codes have fixed sentences; the EHR's text is the detail. The engine's own reasons are
  // written with the facts of the item (the facility, the last error), so the stored one is the better read.
  const fromEhr = item.reasonCode !== null && Object.hasOwn(EHR_REASONS, item.reasonCode);
  if (row && fromEhr) {
    const said = stored ? ehrWords(stored, row.sentence, ehr) : null;
    const detail = said && !sameWords(said, row.sentence) ? said : null;
    return { sentence: row.sentence, detail, nextStep };
  }
  return { sentence: stored ?? row?.sentence ?? null, detail: null, nextStep };
}

/**
 * The EHR's own words out of a stored reason: connectors write "<sentence> Epic said: “<words>”" (see
 * connectors/ehr/errors.ts); older reasons are the EHR's words alone, once cleaned of their HTTP status.
 */
function ehrWords(stored: string, sentence: string, ehr: string): string | null {
  let rest = stored.startsWith(sentence) ? stored.slice(sentence.length).trim() : stored;
  const said = new RegExp(`^(?:${ehr}|The EHR) said:\\s*`);
  rest = rest
    .replace(said, '')
    .replace(/^“([\s\S]*)”$/, '$1')
    .trim();
  return rest === '' ? null : rest;
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
function sameWords(a: string, b: string): boolean {
  const x = norm(a);
  const y = norm(b);
  return x === y || y.includes(x);
}

/** "the account was not found in Oracle Health": a sentence to follow a colon. */
export function lowerFirst(sentence: string): string {
  const noStop = sentence.replace(/\.$/, '');
  // Keep names and acronyms ("EHR", "Oracle Health", "Clearpost") capitalised.
  return /^(?:[A-Z]{2,}|Oracle|Epic|Clearpost)\b/.test(noStop)
    ? noStop
    : noStop.charAt(0).toLowerCase() + noStop.slice(1);
}
