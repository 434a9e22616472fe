/**
 * The failure digest's text. It is built from an allow-list of fields (UnannouncedFailure carries no card
 * data and no encounter), and the guarantor account appears only as its last four characters, only when the
 * site's template allows it: email leaves the hospital's systems.
 */
import { EHR_LABEL, EVENT_KIND_LABEL, TENDER_LABEL } from '../../shared/domain';
import { displayMoney } from '../../shared/money';
import type { UnannouncedFailure } from '../store/repositories/notified-failures';
import type { Mail } from './mailer';
import type { MailSettings } from './mail-settings';

export function digestMail(
  failures: readonly UnannouncedFailure[],
  template: MailSettings['template'],
  more: boolean,
): Mail {
  const count = `${String(failures.length)}${more ? '+' : ''}`;
  const lines = [
    `${count} payment posting${failures.length === 1 ? '' : 's'} reached Failure and must be posted manually.`,
    'Open the exception queue in Clearpost for details and the next step of each item.',
    '',
  ];
  for (const f of failures) {
    const account =
      template.guarantorAccountLast4 && f.guarantorAccount ? ` account …${f.guarantorAccount.slice(-4)}` : '';
    lines.push(
      `#${String(f.postingId)} ${f.facility} (${EHR_LABEL[f.ehr]}) ${EVENT_KIND_LABEL[f.kind]} by ${TENDER_LABEL[f.tender]}` +
        ` ${displayMoney(f.amountMinor, f.currency)}, transaction ${f.processorTxnId}${account}`,
      `    ${f.reasonCode ? `${f.reasonCode}: ` : ''}${f.reason ?? 'No reason recorded'}`,
      `    Next step: ${f.nextStep ?? 'Manually post payment'}`,
    );
  }
  if (more) lines.push('', 'More failures follow in the next digest.');
  return {
    subject: `${count} posting failure${failures.length === 1 ? '' : 's'}`,
    text: `${lines.join('\n')}\n`,
  };
}
