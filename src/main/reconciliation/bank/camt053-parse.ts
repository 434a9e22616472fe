/**
 * ISO 20022 camt.053 (BankToCustomerStatement), the XML statement some banks send instead of BAI2. Booked
 * entries (status BOOK) become BankEntries; pending or informational ones move no money yet and are skipped.
 * Like a BAI2 trailer, the statement's own figures are checked: its number of entries when it states one,
 * and opening balance + entries = closing balance when it states both (OPBD/PRCD and CLBD). A statement that
 * does not add up is refused naming the line of its first entry.
 *
 * fast-xml-parser reads the XML: the project had no XML parser, it is pure JavaScript (no native build), has
 * no dependencies of its own, validates well-formedness with line numbers, and is the most used one on npm.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { IsoDate } from '../../../shared/domain';
import { isKnownCurrency, parseMinor } from '../../../shared/money';
import { summarizeIssues } from '../../intake/event-schema';
import {
  BankFileError,
  type BankAccountStatement,
  type BankEntry,
  type BankStatement,
} from './bank-statement';
import { CAMT_ARRAYS, CamtDocument, type CamtEntry, type CamtStatement } from './camt053-schema';

const OPENING = new Set(['OPBD', 'PRCD']);
const CLOSING = 'CLBD';

/** True when the text looks like a camt.053 document (for recognising a file to import). */
export function looksLikeCamt053(head: string): boolean {
  return /<(?:\w+:)?Document\b[^>]*camt\.053/.test(head) || /<(?:\w+:)?BkToCstmrStmt\b/.test(head);
}

export function parseCamt053(xml: string): BankStatement {
  // The validator still ships inside fast-xml-parser 5 and names the line of the first error; its successor
  // is a separate package, a second dependency for the same code.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new BankFileError(valid.err.line, `the XML is not well formed: ${valid.err.msg}`);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => CAMT_ARRAYS.has(name),
  });
  const parsed = CamtDocument.safeParse(parser.parse(xml));
  if (!parsed.success) {
    throw new BankFileError(
      1,
      `this is not a camt.053 bank statement Clearpost can read: ${summarizeIssues(parsed.error)}`,
    );
  }
  const { GrpHdr, Stmt } = parsed.data.Document.BkToCstmrStmt;
  const entryLines = linesOfEntries(xml);
  const createdOn = dateOf(GrpHdr.CreDtTm, 1, 'creation date');
  let entryIndex = 0;
  const accounts: BankAccountStatement[] = Stmt.map((statement) => {
    const first = entryIndex;
    entryIndex += statement.Ntry?.length ?? 0;
    return readStatement(statement, (i) => entryLines[first + i] ?? 1, createdOn);
  });
  return {
    format: 'camt053',
    fileId: GrpHdr.MsgId,
    createdOn,
    accounts,
  };
}

function readStatement(
  statement: CamtStatement,
  lineOf: (index: number) => number,
  createdOn: IsoDate,
): BankAccountStatement {
  const accountNumber = statement.Acct.Id.IBAN ?? statement.Acct.Id.Othr?.Id ?? '';
  const entries = statement.Ntry ?? [];
  const firstLine = lineOf(0);
  if (accountNumber === '') throw new BankFileError(firstLine, `statement ${statement.Id} names no account`);
  const stated = statement.TxsSummry?.TtlNtries?.NbOfNtries;
  if (stated !== undefined && Number(stated) !== entries.length) {
    throw new BankFileError(
      firstLine,
      `statement ${statement.Id} says it holds ${stated} entries but there are ${String(entries.length)}`,
    );
  }
  const read: BankEntry[] = [];
  let movement = 0;
  entries.forEach((entry, index) => {
    const line = lineOf(index);
    const booked = readEntry(entry, line);
    if (booked === null) return;
    movement += booked.amountMinor;
    read.push(booked);
  });
  const currency = statement.Acct.Ccy ?? read[0]?.currency ?? 'USD';
  checkBalances(statement, movement, firstLine);
  const closedOn = closingDate(statement);
  const asOfDate = closedOn
    ? dateOf(closedOn, firstLine, 'closing balance date')
    : (read[0]?.bookingDate ?? createdOn);
  return { accountNumber, currency, asOfDate, entries: read };
}

function readEntry(entry: CamtEntry, line: number): BankEntry | null {
  const status = typeof entry.Sts === 'string' ? entry.Sts : (entry.Sts.Cd ?? entry.Sts.Prtry ?? '');
  if (status !== 'BOOK') return null;
  const currency = entry.Amt['@_Ccy'].toUpperCase();
  if (!isKnownCurrency(currency))
    throw new BankFileError(line, `"${currency}" is not a currency Clearpost knows`);
  let magnitude: number;
  try {
    magnitude = parseMinor(entry.Amt['#text'], currency);
  } catch (error) {
    throw new BankFileError(line, `the entry amount is not valid: ${(error as Error).message}`);
  }
  if (magnitude < 0)
    throw new BankFileError(line, 'an entry amount carries no sign; CdtDbtInd says credit or debit');
  const bookingText = entry.BookgDt?.Dt ?? entry.BookgDt?.DtTm;
  if (bookingText === undefined) throw new BankFileError(line, 'a booked entry has no booking date');
  const valueText = entry.ValDt?.Dt ?? entry.ValDt?.DtTm;
  const details = entry.NtryDtls?.flatMap((d) => d.TxDtls ?? []) ?? [];
  const refs = details[0]?.Refs;
  const domain = entry.BkTxCd?.Domn;
  const typeCode = domain
    ? `${domain.Cd}/${domain.Fmly.Cd}/${domain.Fmly.SubFmlyCd}`
    : (entry.BkTxCd?.Prtry?.Cd ?? '');
  const text = [
    entry.AddtlNtryInf,
    ...details.flatMap((d) => [...(d.RmtInf?.Ustrd ?? []), ...(d.AddtlTxInf ? [d.AddtlTxInf] : [])]),
  ]
    .filter((t): t is string => t !== undefined && t !== '')
    .join(' ');
  const credit = entry.CdtDbtInd === 'CRDT';
  return {
    line,
    bookingDate: dateOf(bookingText, line, 'booking date'),
    valueDate: valueText === undefined ? null : dateOf(valueText, line, 'value date'),
    amountMinor: credit ? magnitude : -magnitude,
    currency,
    direction: credit ? 'credit' : 'debit',
    typeCode,
    bankReference: entry.AcctSvcrRef ?? refs?.AcctSvcrRef ?? entry.NtryRef ?? null,
    customerReference: refs?.EndToEndId ?? refs?.PmtInfId ?? refs?.InstrId ?? null,
    text,
  };
}

/** Opening balance plus the booked entries must give the closing balance, when the statement states both. */
function checkBalances(statement: CamtStatement, movement: number, line: number): void {
  const balances = statement.Bal ?? [];
  const signed = (b: (typeof balances)[number]) => {
    const minor = parseMinor(b.Amt['#text'], b.Amt['@_Ccy'].toUpperCase());
    return b.CdtDbtInd === 'CRDT' ? minor : -minor;
  };
  const code = (b: (typeof balances)[number]) => b.Tp.CdOrPrtry.Cd ?? '';
  const opening = balances.find((b) => OPENING.has(code(b)));
  const closing = balances.find((b) => code(b) === CLOSING);
  if (!opening || !closing) return;
  const expected = signed(opening) + movement;
  if (expected !== signed(closing)) {
    throw new BankFileError(
      line,
      `statement ${statement.Id}: opening balance ${String(signed(opening))} plus its entries (${String(movement)}) is ${String(expected)}, but the closing balance is ${String(signed(closing))} (minor units)`,
    );
  }
}

function closingDate(statement: CamtStatement): string | undefined {
  const closing = statement.Bal?.find((b) => b.Tp.CdOrPrtry.Cd === CLOSING);
  return closing?.Dt?.Dt ?? closing?.Dt?.DtTm;
}

function dateOf(text: string, line: number, what: string): IsoDate {
  const date = text.slice(0, 10);
  const probe = new Date(`${date}T00:00:00Z`);
  if (
    !/^\d{4}-\d{2}-\d{2}$/.test(date) ||
    Number.isNaN(probe.getTime()) ||
    probe.toISOString().slice(0, 10) !== date
  ) {
    throw new BankFileError(line, `the ${what} "${text}" is not a date`);
  }
  return date;
}

/** The line each <Ntry> starts on, in document order (the parsed tree keeps no positions). */
function linesOfEntries(xml: string): number[] {
  const lines: number[] = [];
  const pattern = /<(?:\w+:)?Ntry[\s>]/g;
  let line = 1;
  let from = 0;
  for (let match = pattern.exec(xml); match; match = pattern.exec(xml)) {
    for (let i = from; i < match.index; i += 1) if (xml.charCodeAt(i) === 10) line += 1;
    from = match.index;
    lines.push(line);
  }
  return lines;
}
