/**
 * What an operator should know at import time about rows that were stored but can never post as they are:
 * a payment naming no guarantor account or encounter (nothing to post it to), and a card payment without the
 * card details the EHR requires, which processor reports never carry: the last 4 digits (Epic's modelled
 * payment contract and Oracle Health's FinancialTransaction both require them) and, for Oracle Health, the
 * expiry. Said in plain words, with counts, never with the rows' values.
 */
import type { StoredEvent } from '../ingest';

export interface ImportNoticeTally {
  add(stored: StoredEvent): void;
  /** One sentence per problem found; empty when every stored row can post. */
  notices(): string[];
}

/** "1 payment names" / "3 payments name": the count with its verb agreeing. */
function counted(n: number, singular: string, plural: string): string {
  return n === 1 ? `1 payment ${singular}` : `${String(n)} payments ${plural}`;
}

export function importNoticeTally(): ImportNoticeTally {
  let noAccount = 0;
  let cardIncomplete = 0;
  return {
    add({ event, disposition }) {
      if (disposition !== 'post') return;
      if (!event.guarantorAccount && !event.encounterId) noAccount += 1;
      if (event.tender !== 'card') return;
      const needsExpiry = event.ehr === 'oracle_health';
      if (!event.cardLast4 || (needsExpiry && !event.cardExpiry)) cardIncomplete += 1;
    },
    notices() {
      const out: string[] = [];
      if (noAccount > 0)
        out.push(
          `${counted(noAccount, 'names', 'name')} no guarantor account or encounter, so the EHR has nothing to post them to: each will need an operator to name one.`,
        );
      if (cardIncomplete > 0)
        out.push(
          `${counted(cardIncomplete, 'by card lacks', 'by card lack')} the card's last 4 digits (and, for Oracle Health, its expiry), which this report does not carry; the EHR refuses card postings without them, so each will need an operator.`,
        );
      return out;
    },
  };
}
