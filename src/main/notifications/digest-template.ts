/**
 * The digest's text. It is built from an allow-list of fields (UnannouncedFailure carries no card data and
 * no encounter), and the guarantor account appears only as its last four characters, only when the site's
 * template allows it: email leaves the hospital's systems. Two kinds of digest, each with its own subject so
 * a team can filter them: failures (post by hand) and items held for verification (check the EHR first, the
 * EHR may already have the payment: posting them blind would post twice).
 */
import { EHR_LABEL, EVENT_KIND_LABEL, TENDER_LABEL } from '../../shared/domain';
import { displayMoney } from '../../shared/money';
import type { UnannouncedFailure } from '../store/repositories/notified-failures';
import type { Mail } from './mailer';
import type { MailSettings } from './mail-settings';

export type DigestKind = 'failure' | 'verification';

const WORDING: Record<
  DigestKind,
  {
    intro: (count: string, plural: boolean) => string;
    subject: (count: string, plural: boolean) => string;
    more: string;
    fallbackStep: string;
  }
> = {
  failure: {
    intro: (count, plural) =>
      `${count} payment posting${plural ? 's' : ''} reached Failure and must be posted manually.`,
    subject: (count, plural) => `${count} posting failure${plural ? 's' : ''}`,
    more: 'More failures follow in the next digest.',
    fallbackStep: 'Manually post payment',
  },
  verification: {
    intro: (count, plural) =>
      `${count} payment posting${plural ? 's' : ''} ${plural ? 'are' : 'is'} held for verification: the EHR may ` +
      'already have posted them. Check the EHR for each transaction id before posting by hand.',
    subject: (count, plural) => `${count} posting${plural ? 's' : ''} to verify in the EHR`,
    more: 'More held items follow in the next digest.',
    fallbackStep: 'Check the EHR for this transaction id first.',
  },
};

export function digestMail(
  items: readonly UnannouncedFailure[],
  template: MailSettings['template'],
  more: boolean,
  kind: DigestKind = 'failure',
): Mail {
  const wording = WORDING[kind];
  const count = `${String(items.length)}${more ? '+' : ''}`;
  const plural = items.length !== 1 || more;
  const lines = [
    wording.intro(count, plural),
    'Open the exception queue in Clearpost for details and the next step of each item.',
    '',
  ];
  for (const f of items) {
    const account =
      template.guarantorAccountLast4 && f.guarantorAccount ? ` account …${f.guarantorAccount.slice(-4)}` : '';
    lines.push(
      `#${String(f.postingId)} ${f.facility} (${EHR_LABEL[f.ehr]}) ${EVENT_KIND_LABEL[f.kind]} by ${TENDER_LABEL[f.tender]}` +
        ` ${displayMoney(f.amountMinor, f.currency)}, transaction ${f.processorTxnId}${account}`,
      `    ${f.reasonCode ? `${f.reasonCode}: ` : ''}${f.reason ?? 'No reason recorded'}`,
      `    Next step: ${f.nextStep ?? wording.fallbackStep}`,
    );
  }
  if (more) lines.push('', wording.more);
  return { subject: wording.subject(count, plural), text: `${lines.join('\n')}\n` };
}
