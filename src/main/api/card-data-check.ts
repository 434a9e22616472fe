/**
 * The console API's card-data check: one pass over every command's parsed arguments, run by the dispatcher
 * before access checks and handlers. A card number or security code typed into any text (a note, the EHR
 * reference of "posted by hand", an assignee, a view's name, a setting, an intake rule) is refused with a
 * sentence naming the field, so it never reaches the database, the log, the audit trail or an export.
 * Typed text is refused, not masked: the operator sees why and types it again without the number.
 */
import type { CommandName } from '../../shared/contract';
import { guard, type CardFinding } from '../lib/card-guard';

/**
 * Arguments that are not text a person types into a form, and why they are not checked here.
 * Secrets and passwords are sealed or hashed, never stored in clear or logged, and are random text that a
 * digit-group rule would now and then refuse. A report file's bytes come as base64: intake checks every
 * cell once decoded, masking and quarantining rows with card data like a processor's.
 */
const NOT_CHECKED: Partial<Record<CommandName, readonly string[]>> = {
  'secrets.set': ['value'],
  'accounts.save': ['password'],
  'imports.start': ['contentBase64'],
  'imports.inspect': ['contentBase64'],
};

/** What the console calls each field, by argument name (nested fields by their last name). */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  body: 'note',
  note: 'note',
  ehrReference: 'EHR posting reference',
  assignee: 'assignee',
  reason: 'reason',
  search: 'search',
  processorTxnId: 'transaction or receipt number',
  amount: 'amount',
  currency: 'currency',
  facility: 'facility',
  guarantorAccount: 'guarantor account',
  encounterId: 'encounter',
  checkNumber: 'check number',
  fileName: 'file name',
  source: 'source name',
  sourceRef: 'source',
  confirmation: 'confirmation phrase',
  username: 'user name',
  name: 'name',
};

/** Labels that depend on the command (a view's name) or on another argument (a fraud-review note). */
function commandLabel(name: CommandName, field: string, args: Record<string, unknown>): string | null {
  if (name === 'notes.add' && field === 'body')
    return args.kind === 'fraud_review' ? 'fraud-review note' : 'note';
  if (name === 'views.save' && field === 'name') return 'view name';
  if (name === 'quarantine.discard' && field === 'reason') return 'reason for discarding';
  if (name === 'settings.testConnection' && field === 'id') return 'connection id';
  return null;
}

/** Free-form documents (settings, intake rules, column mappings): the field is named by its path inside. */
const DOCUMENT_LABELS: Readonly<Record<string, string>> = {
  settings: 'setting',
  rules: 'intake rule',
  mapping: 'column mapping',
};

export interface CardDataRefusal {
  readonly message: string;
  readonly issues: readonly { readonly path: string; readonly message: string }[];
}

/** Null when no argument holds card data; otherwise the refusal, one issue per field. */
export function checkCardData(name: CommandName, args: unknown): CardDataRefusal | null {
  if (args === null || typeof args !== 'object') return null;
  const record = args as Record<string, unknown>;
  const skipped = NOT_CHECKED[name];
  const checked = skipped
    ? Object.fromEntries(Object.entries(record).filter(([key]) => !skipped.includes(key)))
    : record;
  // Nothing typed is trusted as a processor id: a "receipt number" may well be a card number.
  const { findings } = guard(checked, { trustProcessorIds: false });
  if (findings.length === 0) return null;

  const byField = new Map<string, CardFinding[]>();
  for (const finding of findings) {
    const field = fieldPath(finding.path);
    byField.set(field, [...(byField.get(field) ?? []), finding]);
  }
  const issues = [...byField].map(([field, found]) => ({
    path: field,
    message: sentence(label(name, field, record), found),
  }));
  const first = issues[0];
  return { message: first?.message ?? sentence('input', findings), issues };
}

/** `$.corrections.facility` → `corrections.facility`; `$.settings.facilities.timeZones{key}` names the key. */
function fieldPath(path: string): string {
  const trimmed = path.replace(/^\$\.?/, '').replace(/\{key\}$/, '');
  return trimmed === '' ? '(arguments)' : trimmed;
}

function label(name: CommandName, field: string, args: Record<string, unknown>): string {
  const [top = field, ...rest] = field.split('.');
  const own = commandLabel(name, top, args);
  if (own && rest.length === 0) return own;
  const document = DOCUMENT_LABELS[top];
  if (document) return rest.length > 0 ? `${document} “${rest.join('.')}”` : `${document}s`;
  const last = (field.split('.').at(-1) ?? field).replace(/\[\d+\]$/, '');
  return FIELD_LABELS[last] ?? `field “${field}”`;
}

function sentence(what: string, found: readonly CardFinding[]): string {
  const card = found.some((f) => f.kind === 'card_number');
  const cvv = found.some((f) => f.kind === 'cvv');
  if (card && cvv)
    return (
      `The ${what} looks like it contains a card number and its security code (CVV). ` +
      'Card numbers and security codes are never stored: remove them and try again.'
    );
  if (card)
    return `The ${what} looks like it contains a card number. Card numbers are never stored: remove it and try again.`;
  if (cvv)
    return `The ${what} looks like it contains a card security code (CVV). Security codes are never stored: remove it and try again.`;
  return `The ${what} could not be checked for card numbers (nested too deeply, or a number too large to read exactly): simplify it and try again.`;
}
