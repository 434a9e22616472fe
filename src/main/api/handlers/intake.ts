import { QuarantineActionError, type QuarantineActionCode } from '../../intake/quarantine/action-error';
import { discardQuarantined } from '../../intake/quarantine/discard';
import { releaseQuarantined } from '../../intake/quarantine/release';
import { MAX_IMPORT_BYTES } from '../../../shared/commands/imports';
import type { QuarantineCorrections, QuarantineReleaseManyItem } from '../../../shared/commands/quarantine';
import type { ApiErrorCode } from '../../../shared/contract';
import { GenericMapping, genericFormat } from '../../intake/reports/generic-mapping';
import { BUILTIN_FORMATS } from '../../intake/reports/import-file';
import { inspectReport, type InspectFormat } from '../../intake/reports/inspect-report';
import { ApiFailure, type Handler } from '../dispatcher';
import type { HandlerContext } from './context';
import { knownFacilities } from './known-facilities';
import { intakeRuleHandlers, mayReplaceMapping, saveMappingAudited, validateMapping } from './intake-rules';

const API_CODE: Record<QuarantineActionCode, ApiErrorCode> = {
  not_found: 'not_found',
  conflict: 'conflict',
  card_data: 'invalid_arguments',
  invalid: 'invalid_arguments',
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The uploaded content as bytes; refused when it is not base64 or over the limit. */
function decodeUpload(contentBase64: string): Buffer {
  if (!BASE64.test(contentBase64)) {
    throw new ApiFailure('invalid_arguments', 'The file content is not valid base64.');
  }
  const content = Buffer.from(contentBase64, 'base64');
  if (content.length > MAX_IMPORT_BYTES) {
    throw new ApiFailure('invalid_arguments', 'The file is larger than 50 MiB; use `clearpost import`.');
  }
  return content;
}

/** Runs an operator action, turning its refusals into the API's error codes. */
function act<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof QuarantineActionError) throw new ApiFailure(API_CODE[error.code], error.message);
    throw error;
  }
}

/**
 * Handlers of intake's commands: quarantine, imports, rules and mappings (declared in src/shared/commands/
 * quarantine.ts, imports.ts and intake-rules.ts).
 */
export function intakeHandlers(ctx: HandlerContext): ReturnType<typeof intakeRuleHandlers> & {
  'quarantine.list': Handler<'quarantine.list'>;
  'quarantine.get': Handler<'quarantine.get'>;
  'quarantine.release': Handler<'quarantine.release'>;
  'quarantine.discard': Handler<'quarantine.discard'>;
  'quarantine.releaseMany': Handler<'quarantine.releaseMany'>;
  'facilities.list': Handler<'facilities.list'>;
  'imports.start': Handler<'imports.start'>;
  'imports.status': Handler<'imports.status'>;
  'imports.inspect': Handler<'imports.inspect'>;
} {
  const { repos, reports } = ctx;
  const release = (id: number, corrections: QuarantineCorrections, note: string | undefined, actor: string) =>
    releaseQuarantined(
      { id, corrections, note: note ?? null, actor },
      // The same business-date rule as the import the row came from.
      { ...ctx, zoneFor: reports ? (facility) => reports.service.zones.zoneFor(facility) : undefined },
    );
  return {
    ...intakeRuleHandlers(ctx),

    'quarantine.list': (query) => repos.quarantine.list(query),

    'quarantine.get': ({ id }) => {
      const entry = repos.quarantine.get(id);
      if (!entry) throw new ApiFailure('not_found', `Quarantine entry ${String(id)} does not exist.`);
      return {
        entry,
        event: entry.releasedEventId === null ? null : (repos.events.get(entry.releasedEventId) ?? null),
        history: repos.audit.forSubject('quarantined_input', String(id)),
      };
    },

    'quarantine.release': ({ id, corrections, note }, caller) => {
      const result = act(() => release(id, corrections, note, caller.actor));
      // A new event is already in the engine's admission queue (same transaction); the engine polls it.
      ctx.bus.changed('quarantined_inputs', 'payment_events', 'audit_events');
      return result;
    },

    'quarantine.releaseMany': ({ ids, corrections, note }, caller) => {
      const counts = { released: 0, alreadyReceived: 0, stillQuarantined: 0, refused: 0 };
      const items = [...new Set(ids)].map((id): QuarantineReleaseManyItem => {
        try {
          const { outcome, entry } = release(id, corrections, note, caller.actor);
          if (outcome === 'released') counts.released += 1;
          else if (outcome === 'already_received') counts.alreadyReceived += 1;
          else counts.stillQuarantined += 1;
          return { id, outcome, message: outcome === 'still_quarantined' ? entry.reason : null };
        } catch (error) {
          // Typed text with a card number is refused for the whole set, before any entry is touched.
          if (error instanceof QuarantineActionError && error.code === 'card_data') {
            throw new ApiFailure(API_CODE[error.code], error.message);
          }
          if (!(error instanceof QuarantineActionError)) throw error;
          // Closed by someone else meanwhile, or gone: the others are still released.
          counts.refused += 1;
          return { id, outcome: 'refused', message: error.message };
        }
      });
      ctx.bus.changed('quarantined_inputs', 'payment_events', 'audit_events');
      return { ...counts, items };
    },

    'facilities.list': () => knownFacilities(ctx),

    'quarantine.discard': ({ id, reason }, caller) => {
      const entry = act(() => discardQuarantined({ id, reason, actor: caller.actor }, ctx));
      ctx.bus.changed('quarantined_inputs', 'audit_events');
      return entry;
    },

    'imports.start': ({ fileName, contentBase64, source, mapping, facility, ehr }, caller) => {
      if (!ctx.imports) throw new ApiFailure('unavailable', 'File import is not available here.');
      const content = decodeUpload(contentBase64);
      if (source !== undefined && mapping !== undefined) {
        const valid = validateMapping(source, mapping);
        if (!mayReplaceMapping(ctx, source, valid, caller.role ?? 'viewer')) {
          throw new ApiFailure(
            'forbidden',
            `A column mapping is already saved for "${source}"; changing it needs the supervisor role. Import with the saved mapping, or name a new source.`,
          );
        }
        // Saved (and audited) before the import starts, so the import reads it as any later one will.
        saveMappingAudited(ctx, source, valid, caller.actor, 'imports.start');
      }
      return ctx.imports.start({
        fileName,
        content,
        ...(source !== undefined ? { source } : {}),
        ...(facility !== undefined ? { facility } : {}),
        ...(ehr !== undefined ? { ehr } : {}),
      });
    },

    'imports.inspect': async ({ contentBase64 }) => {
      const content = decodeUpload(contentBase64);
      // Saved sources are recognised too, so a second file from a mapped processor needs no mapping.
      const saved = repos.importedFiles.mappingSources().flatMap((name): InspectFormat[] => {
        const parsed = GenericMapping.safeParse(repos.importedFiles.getMapping(name));
        return parsed.success ? [genericFormat(name, parsed.data)] : [];
      });
      return inspectReport(content, [...BUILTIN_FORMATS, ...saved]);
    },

    'imports.status': ({ id }) => {
      const status = ctx.imports?.status(id);
      if (!status) throw new ApiFailure('not_found', 'No such import (finished imports are kept a while).');
      return status;
    },
  };
}
