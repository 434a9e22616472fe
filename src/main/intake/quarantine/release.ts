/**
 * Releasing a quarantined input: the kept (redacted) input and the operator's corrections go through the
 * same intake path as any delivery — card guard → mapping → validation → store — so a still-bad input stays
 * in quarantine with its new reason, and a good one is stored and queued for the engine in the same
 * transaction that marks the entry released. Every outcome is attributed and audited.
 */
import type { QuarantineCorrections, QuarantineReleaseResult } from '../../../shared/commands/quarantine';
import type { Repositories } from '../../store/repositories';
import type { SiteOverrides } from '../canonical/site-fields';
import { ingest, type IngestDeps } from '../ingest';
import { loadIntakeConfig } from '../intake-config';
import { QuarantineActionError } from './action-error';
import { openEntry } from './open-entry';
import { refuseCardData } from './refuse-card-data';
import { remapQuarantined } from './remap';

export interface QuarantineDeps extends Omit<IngestDeps, 'repos'> {
  readonly repos: Pick<
    Repositories,
    'events' | 'quarantine' | 'intakeKeys' | 'intakeSettings' | 'importedFiles' | 'audit'
  >;
  /** Facility → IANA time zone, for a released report row's business date (see reports/row-event.ts). */
  readonly zoneFor?: ((facility: string) => string) | undefined;
}

export interface ReleaseRequest {
  readonly id: number;
  readonly corrections: QuarantineCorrections;
  readonly note: string | null;
  readonly actor: string;
}

export function releaseQuarantined(request: ReleaseRequest, deps: QuarantineDeps): QuarantineReleaseResult {
  // Typed text is checked before anything is read or written: a card number in it is never stored.
  refuseCardData({ ...request.corrections, note: request.note });
  const corrections = overridesOf(request.corrections);
  const { repos, clock } = deps;

  return deps.db
    .transaction((): QuarantineReleaseResult => {
      const entry = openEntry(repos.quarantine, request.id, 'released');
      const config = loadIntakeConfig(repos.intakeSettings);
      const result = ingest(
        {
          source: entry.source,
          sourceRef: entry.sourceRef,
          requarantineId: entry.id,
          input: JSON.parse(entry.redactedInput) as unknown,
          map: (clean) =>
            remapQuarantined(clean, {
              source: entry.source,
              reasonCode: entry.reasonCode,
              importSource: entry.source === 'file' ? repos.quarantine.importSourceOf(entry.id) : null,
              config,
              overrides: corrections,
              importedFiles: repos.importedFiles,
              zoneFor: deps.zoneFor,
            }),
        },
        config.amountCeilingMinor === undefined
          ? deps
          : { ...deps, amountCeilingMinor: config.amountCeilingMinor },
      );
      const now = clock.now();
      const audit = (action: string, details: Record<string, unknown>) =>
        repos.audit.append(
          {
            actor: request.actor,
            action,
            subjectType: 'quarantined_input',
            subjectId: String(entry.id),
            // Which fields were corrected, not their values: those are patient identifiers, kept on the entry.
            details: {
              ...details,
              correctedFields: Object.keys(corrections),
              previousReasonCode: entry.reasonCode,
            },
          },
          now,
        );

      if (result.outcome === 'quarantined') {
        repos.quarantine.recordRefusedRelease(entry.id, { ...corrections }, now);
        audit('quarantine.release_refused', { reasonCode: result.reasonCode });
        return { outcome: 'still_quarantined', entry: reread(deps, entry.id), eventId: null };
      }
      const resolution = { actor: request.actor, note: request.note, corrections: { ...corrections } };
      repos.quarantine.markReleased(entry.id, result.eventId, resolution, now);
      const duplicate = result.outcome === 'duplicate';
      audit('quarantine.released', { eventId: result.eventId, alreadyReceived: duplicate });
      return {
        outcome: duplicate ? 'already_received' : 'released',
        entry: reread(deps, entry.id),
        eventId: result.eventId,
      };
    })
    .immediate();
}

function reread(deps: QuarantineDeps, id: number) {
  const entry = deps.repos.quarantine.get(id);
  if (!entry) throw new QuarantineActionError('not_found', `Quarantine entry ${String(id)} does not exist.`);
  return entry;
}

/** The fields the operator gave (null included: it clears a field), without the ones left out. */
function overridesOf(c: QuarantineCorrections): SiteOverrides {
  return {
    ...(c.facility !== undefined ? { facility: c.facility } : {}),
    ...(c.ehr !== undefined ? { ehr: c.ehr } : {}),
    ...(c.guarantorAccount !== undefined ? { guarantorAccount: c.guarantorAccount } : {}),
    ...(c.encounterId !== undefined ? { encounterId: c.encounterId } : {}),
  };
}
