/** The email section as the form edits it, and back into the settings document. */

export type Security = 'starttls' | 'tls' | 'required-starttls';

export const SECURITY_LABEL: Record<Security, string> = {
  starttls: 'STARTTLS when offered (port 587 or 25)',
  'required-starttls': 'STARTTLS required',
  tls: 'TLS from the start (port 465)',
};

/** The vault entry of the SMTP password when the settings do not name one yet. */
export const DEFAULT_PASSWORD_REF = 'email.smtp-password';

export interface EmailDoc {
  readonly smtp: {
    readonly host: string;
    readonly port: number;
    readonly secure?: boolean;
    readonly requireTls?: boolean;
    readonly user?: string;
    readonly passwordRef?: string;
    readonly [other: string]: unknown;
  };
  readonly from: string;
  readonly to: readonly string[];
  readonly subjectPrefix?: string;
  readonly [other: string]: unknown;
}

export interface EmailDraft {
  readonly enabled: boolean;
  readonly host: string;
  readonly port: string;
  readonly security: Security;
  readonly user: string;
  readonly from: string;
  readonly to: string;
  readonly subjectPrefix: string;
}

export const toDraft = (e: EmailDoc | null): EmailDraft => ({
  enabled: e !== null,
  host: e?.smtp.host ?? '',
  port: e ? String(e.smtp.port) : '587',
  security: e?.smtp.secure ? 'tls' : e?.smtp.requireTls ? 'required-starttls' : 'starttls',
  user: e?.smtp.user ?? '',
  from: e?.from ?? '',
  to: (e?.to ?? []).join(', '),
  subjectPrefix: e?.subjectPrefix ?? 'Clearpost',
});

/**
 * The section to save: everything the form does not show (timeouts, digest timing, template) is kept as
 * saved. `port` is the typed port already checked (null when it is not a number: the save is refused first).
 */
export function fromDraft(
  email: EmailDoc | null,
  draft: EmailDraft,
  port: number | null,
  passwordRef: string,
): EmailDoc {
  const user = draft.user.trim();
  return {
    ...(email ?? {}),
    smtp: {
      ...(email?.smtp ?? {}),
      host: draft.host.trim(),
      port: port ?? 0,
      secure: draft.security === 'tls',
      requireTls: draft.security === 'required-starttls',
      user: user === '' ? undefined : user,
      passwordRef: user === '' ? email?.smtp.passwordRef : passwordRef,
    },
    from: draft.from.trim(),
    to: draft.to
      .split(/[,;\s]+/)
      .map((a) => a.trim())
      .filter(Boolean),
    subjectPrefix: draft.subjectPrefix.trim(),
  };
}
