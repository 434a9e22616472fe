import { useEffect, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { CommandArgs } from '../../../../shared/contract';
import { RELEASE_MANY_MAX, type QuarantineReleaseManyResult } from '../../../../shared/commands/quarantine';
import { EHR_LABEL, EHR_SYSTEMS, type EhrSystem } from '../../../../shared/domain';
import { count } from '../../../../shared/words';
import { Field, FormStatus } from '../../components/form/Field';
import { Options } from '../../components/Options';
import { FacilityInput } from '../../components/form/FacilityInput';
import { useCommandForm } from '../../components/form/use-command-form';
import { useApi } from '../../hooks/api-context';
import { useUi } from '../../stores/ui';
import {
  addResults,
  BULK_RELEASE_MAX,
  groupTitle,
  openIdsOf,
  releaseSummary,
  type ReleaseGroup,
} from './bulk-release';

const message = (cause: unknown) => (cause instanceof Error ? cause.message : String(cause));

interface BulkForm {
  facility: string;
  ehr: EhrSystem | '';
  note: string;
}
const EMPTY: BulkForm = { facility: '', ehr: '', note: '' };
const FIELDS = { 'corrections.facility': 'facility', 'corrections.ehr': 'ehr' };

/** One batch's arguments: the same corrections for every row; an empty field leaves the rows as they say. */
function releaseManyArgs(ids: readonly number[], form: BulkForm): CommandArgs<'quarantine.releaseMany'> {
  return {
    ids: [...ids],
    corrections: {
      ...(form.facility.trim() ? { facility: form.facility } : {}),
      ...(form.ehr ? { ehr: form.ehr } : {}),
    },
    ...(form.note.trim() ? { note: form.note } : {}),
  };
}

/**
 * One correction for many rows ("set facility NORTH for every row of this file"): the group's open rows are
 * counted first, then released in batches, each row through intake as if released alone. The answer counts
 * every outcome, so rows refused again are never reported as done.
 */
export function BulkRelease({ group, onClose }: { group: ReleaseGroup; onClose: () => void }) {
  const api = useApi();
  const connected = useUi((s) => s.connected);
  const [ids, setIds] = useState<readonly number[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<QuarantineReleaseManyResult | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const bulk = useCommandForm({
    command: 'quarantine.releaseMany',
    // The first batch stands for all of them: every batch carries the same corrections and note.
    toArgs: (v: BulkForm) => releaseManyArgs(ids?.slice(0, RELEASE_MANY_MAX) ?? [], v),
    fields: FIELDS,
    defaultValues: EMPTY,
  });
  const facility = useWatch({ control: bulk.form.control, name: 'facility' });
  const busy = bulk.form.formState.isSubmitting;

  useEffect(() => {
    heading.current?.focus();
    let live = true;
    openIdsOf(api, group).then(
      (found) => live && setIds(found),
      (cause: unknown) => live && setError(message(cause)),
    );
    return () => {
      live = false;
    };
  }, [api, group]);

  const release = bulk.onSubmit(async (_first, values) => {
    if (!ids || ids.length === 0) return;
    if (!values.facility.trim() && !values.ehr) {
      bulk.form.setError('root', {
        type: 'choice',
        message: 'Give the facility or the EHR to set on every row.',
      });
      return;
    }
    setError(null);
    const results: QuarantineReleaseManyResult[] = [];
    for (let i = 0; i < ids.length; i += RELEASE_MANY_MAX) {
      results.push(
        await api.invoke(
          'quarantine.releaseMany',
          releaseManyArgs(ids.slice(i, i + RELEASE_MANY_MAX), values),
        ),
      );
    }
    setResult(addResults(results));
  });

  const n = ids?.length ?? 0;
  return (
    <form
      className="panel bulk-release"
      aria-labelledby="bulk-release-title"
      onSubmit={(e) => void release(e)}
      noValidate
    >
      <h2 id="bulk-release-title" ref={heading} tabIndex={-1}>
        Correct {groupTitle(group)}
      </h2>
      <p className="muted" role="status">
        {ids === null
          ? 'Counting the open rows…'
          : `${count(n, 'open row')}${n >= BULK_RELEASE_MAX ? ' (the most one correction takes)' : ''} will get the same correction, each released through intake as if alone.`}
      </p>
      {result === null && (
        <div className="form-grid">
          <FormStatus of={bulk} />
          <Field of={bulk} name="facility" label="Set facility">
            {(c) => <FacilityInput control={c} value={facility} />}
          </Field>
          <Field of={bulk} name="ehr" label="Set EHR">
            {(c) => (
              <select {...c}>
                <Options values={EHR_SYSTEMS} labels={EHR_LABEL} none="Leave as the rows say" />
              </select>
            )}
          </Field>
          <Field of={bulk} name="note" label="Note (optional)" />
          <div className="form-actions">
            <button type="submit" disabled={!connected || busy || n === 0}>
              {busy ? 'Releasing…' : `Release ${count(n, 'row')}`}
            </button>
          </div>
        </div>
      )}
      {result && (
        <p className="form-ok" role="status" data-testid="bulk-release-result">
          {releaseSummary(result)}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="link" onClick={onClose}>
        Close
      </button>
    </form>
  );
}
