/**
 * What an operator should know at import time about rows that were stored but can never post as they are:
 * a payment naming no guarantor account or encounter (nothing to post it to), and a card payment for Oracle
 * Health without the card expiry and last 4 digits its FinancialTransaction requires (reports carry
 * neither). Said in plain words, with counts, never with the rows' values.
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
  let oracleCardWithoutExpiry = 0;
  return {
    add({ event, disposition }) {
      if (disposition !== 'post') return;
      if (!event.guarantorAccount && !event.encounterId) noAccount += 1;
      const cardComplete = Boolean(event.cardExpiry) && Boolean(event.cardLast4);
      if (event.ehr === 'oracle_health' && event.tender === 'card' && !cardComplete)
        oracleCardWithoutExpiry += 1;
    },
    notices() {
      const out: string[] = [];
      if (noAccount > 0)
        out.push(
          `${counted(noAccount, 'names', 'name')} no guarantor account or encounter, so the EHR has nothing to post them to: each will need an operator to name one.`,
        );
      if (oracleCardWithoutExpiry > 0)
        out.push(
          `${counted(oracleCardWithoutExpiry, 'by card for Oracle Health has', 'by card for Oracle Health have')} no card expiry or last 4 digits (this report does not carry them); Oracle Health refuses such postings, so each will need an operator.`,
        );
      return out;
    },
  };
}
