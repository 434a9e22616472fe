/**
 * The card guard applied to what an operator types (corrections, notes, discard reasons). Unlike inbound
 * data, which is masked and kept in quarantine, typed text holding card data is refused outright: nothing
 * of it is stored, logged or echoed back, and the operator types it again without the number.
 */
import { guard } from '../../lib/card-guard';
import { QuarantineActionError } from './action-error';

export function refuseCardData(typed: Readonly<Record<string, unknown>>): void {
  const { findings } = guard(typed, { trustProcessorIds: false });
  if (findings.length === 0) return;
  // The field names are the operator's own form fields: safe to name, and they say where to look.
  const fields = [...new Set(findings.map((f) => f.path.replace(/^\$\.?/, '').split(/[.[]/)[0] ?? ''))]
    .filter((f) => f !== '')
    .join(', ');
  throw new QuarantineActionError(
    'card_data',
    `${fields === '' ? 'A field' : `The field ${fields}`} looks like it holds a card number or security code. ` +
      'Card data is never stored: type account, encounter and reference numbers only.',
  );
}
