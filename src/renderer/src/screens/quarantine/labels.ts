import type { EventSource, QuarantineState } from '../../../../shared/domain';

export const STATE_LABEL: Record<QuarantineState, string> = {
  open: 'Open',
  released: 'Released',
  discarded: 'Discarded',
};

export const SOURCE_LABEL: Record<EventSource, string> = {
  webhook: 'Webhook',
  file: 'Report file',
  manual: 'Manual',
  sandbox: 'Sandbox',
};

/** JSON pretty-printed; a file row's text (or a truncated preview) as it is. */
export function prettyInput(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
