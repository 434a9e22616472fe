/** The routing section as the form edits it, and back into the settings document. */
import type { Channel, EhrSystem, EventKind, Tender } from '../../../../shared/domain';

export const CHANNEL_LABEL: Record<Channel, string> = {
  api: 'Post by API',
  daily_file: 'Daily file',
  manual: 'Manual workflow (not sent)',
  exception: 'Exception queue',
};

/** The routing table as src/main/engine/routing.ts declares it; main validates the saved document. */
export interface Rule {
  readonly ehr: EhrSystem;
  readonly kinds: readonly EventKind[];
  readonly tenders: readonly Tender[];
  readonly channel: Channel;
  readonly reason?: string;
}
export interface RoutingDoc {
  readonly rules: readonly Rule[];
  readonly fileOnlyFacilities?: readonly string[];
  /** Per-site posting-file layouts: not edited here, kept as saved (settings file or API). */
  readonly postingFileFormats?: Readonly<Record<string, unknown>>;
}
export interface RoutingDraft {
  readonly rules: readonly Rule[];
  readonly fileOnly: string;
}

export const toDraft = (r: RoutingDoc): RoutingDraft => ({
  rules: r.rules,
  fileOnly: (r.fileOnlyFacilities ?? []).join(', '),
});

/** The list with `item` in or out, in the order of `order`. */
export const toggle = <T>(list: readonly T[], item: T, on: boolean, order: readonly T[]): T[] =>
  order.filter((x) => (x === item ? on : list.includes(x)));

/** The section to save: reasons trimmed (an empty one dropped), facilities split on commas and spaces. */
export const fromDraft = (saved: RoutingDoc, draft: RoutingDraft): RoutingDoc => ({
  rules: draft.rules.map((r) => {
    const reason = r.reason?.trim();
    return {
      ehr: r.ehr,
      kinds: r.kinds,
      tenders: r.tenders,
      channel: r.channel,
      ...(reason ? { reason } : {}),
    };
  }),
  fileOnlyFacilities: draft.fileOnly
    .split(/[,\s]+/)
    .map((f) => f.trim())
    .filter(Boolean),
  // Saving the rules must not drop the sites' posting-file layouts.
  ...(saved.postingFileFormats ? { postingFileFormats: saved.postingFileFormats } : {}),
});
