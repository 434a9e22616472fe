/** A Cybersource webhook subscription as Settings edits it; main validates it on save. */

export interface WebhookDoc {
  readonly keyId: string;
  readonly webhookId?: string;
  readonly keyRef: string;
  readonly toleranceMinutes?: number | 'off';
}

export interface WebhookDraft {
  keyId: string;
  webhookId: string;
  /** Minutes, or "off". */
  tolerance: string;
}

export const toWebhookDraft = (w: WebhookDoc | null): WebhookDraft => ({
  keyId: w?.keyId ?? '',
  webhookId: w?.webhookId ?? '',
  tolerance: String(w?.toleranceMinutes ?? 5),
});

/** The vault entry of a key id's shared secret (vault names allow letters, digits, - and _ between dots). */
export const keyRefFor = (keyId: string): string =>
  `webhook.${
    keyId
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, '-')
      .slice(0, 60) || 'key'
  }.key`;

/** The subscription with the draft applied, or the message for a tolerance that is not minutes or off. */
export function fromWebhookDraft(
  original: WebhookDoc | null,
  d: WebhookDraft,
): { doc: WebhookDoc } | { toleranceError: string } {
  const text = d.tolerance.trim().toLowerCase();
  const minutes = Number(text);
  if (text !== 'off' && (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)) {
    return { toleranceError: 'Minutes from 1 to 1440, or off' };
  }
  const keyId = original?.keyId ?? d.keyId.trim();
  const webhookId = d.webhookId.trim();
  return {
    doc: {
      keyId,
      ...(webhookId ? { webhookId } : {}),
      keyRef: original?.keyRef ?? keyRefFor(keyId),
      toleranceMinutes: text === 'off' ? 'off' : minutes,
    },
  };
}
