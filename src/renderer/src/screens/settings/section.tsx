/**
 * What every Settings section shares: saving the whole document with one section replaced, the answer of
 * `settings.save` turned into messages next to the fields they name, and the read-only state for anyone
 * who is not a supervisor.
 */
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import { ApiError } from '../../../../shared/api-error';
import type { SettingsDocument, SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';

export interface SectionProps {
  readonly view: SettingsView;
  /** Supervisors edit; everyone else reads. */
  readonly canEdit: boolean;
  readonly onSaved: (view: SettingsView) => void;
}

/** Messages by full settings path, e.g. "facilities.timeZones.MAIN". */
export type Issues = Readonly<Record<string, string>>;

export function useSectionSave(props: SectionProps, section: string) {
  const api = useApi();
  const [issues, setIssues] = useState<Issues>({});
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  /** Saves `value` as the section; `local` are problems found before asking main (then nothing is sent). */
  const save = (value: unknown, local: Issues = {}): Promise<boolean> => {
    setResult(null);
    if (Object.keys(local).length > 0) {
      setIssues(local);
      setResult({ ok: false, text: 'Not saved: correct the fields marked below.' });
      return Promise.resolve(false);
    }
    const settings: SettingsDocument = { ...props.view.settings, [section]: value };
    setBusy(true);
    return api
      .invoke('settings.save', { settings })
      .then(
        (saved) => {
          setIssues({});
          setResult({ ok: true, text: 'Saved.' });
          props.onSaved(saved);
          return true;
        },
        (error: unknown) => {
          const byPath: Record<string, string> = {};
          if (error instanceof ApiError && error.issues?.length) {
            for (const issue of error.issues) byPath[issue.path] = issue.message;
          }
          setIssues(byPath);
          setResult({
            ok: false,
            text:
              Object.keys(byPath).length > 0
                ? 'Not saved: correct the fields marked below.'
                : `Not saved: ${error instanceof Error ? error.message : String(error)}`,
          });
          return false;
        },
      )
      .finally(() => setBusy(false));
  };

  return {
    save,
    busy,
    result,
    issues,
    /** The message for one path, or for anything under it (a list's items). */
    issue: (path: string): string | undefined =>
      issues[path] ?? Object.entries(issues).find(([p]) => p.startsWith(`${path}.`))?.[1] ?? undefined,
    /** Messages no field shows, listed under the form so none is lost. */
    unplaced: (shown: readonly string[]): string[] =>
      Object.entries(issues)
        .filter(([p]) => !shown.some((s) => p === s || p.startsWith(`${s}.`)))
        .map(([p, m]) => `${p}: ${m}`),
    reset: () => {
      setIssues({});
      setResult(null);
    },
  };
}

export function SectionForm({
  title,
  description,
  canEdit,
  onSubmit,
  busy,
  dirty,
  result,
  unplaced,
  onDiscard,
  children,
  testId,
}: {
  title: string;
  description: ReactNode;
  canEdit: boolean;
  onSubmit: () => void;
  busy: boolean;
  dirty: boolean;
  result: { ok: boolean; text: string } | null;
  unplaced: readonly string[];
  onDiscard: () => void;
  children: ReactNode;
  testId: string;
}) {
  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form
      className="panel settings-section"
      onSubmit={submit}
      aria-label={title}
      noValidate
      data-testid={testId}
    >
      <h3>{title}</h3>
      <p className="muted">{description}</p>
      <fieldset className="settings-fieldset" disabled={!canEdit}>
        {children}
      </fieldset>
      {canEdit ? (
        <div className="form-actions">
          <button type="submit" disabled={busy || !dirty}>
            {busy ? 'Saving…' : `Save ${title.toLowerCase()}`}
          </button>
          {dirty && (
            <button type="button" onClick={onDiscard}>
              Discard changes
            </button>
          )}
        </div>
      ) : (
        <p className="muted read-only-note">Only a supervisor can change these settings.</p>
      )}
      {result && (
        <p className={result.ok ? 'form-ok' : 'form-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </p>
      )}
      {unplaced.length > 0 && (
        <ul className="form-error">
          {unplaced.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </form>
  );
}

export function Field({
  label,
  error,
  hint,
  children,
}: {
  label: string;
  error: string | undefined;
  hint?: string | undefined;
  children: ReactNode;
}) {
  return (
    <label className="field">
      <span>
        {label}
        {hint && <span className="field-hint"> · {hint}</span>}
      </span>
      {children}
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}

/**
 * A table of rows the supervisor edits: a column per `columns`, the cells of each row from `cells` (a
 * fragment of `<td>`s), then its Remove button, named for screen readers by `removeLabel`.
 */
export function RowsTable<Row>({
  label,
  className = 'settings-table',
  columns,
  rows,
  cells,
  removeLabel,
  onRemove,
}: {
  label: string;
  className?: string;
  columns: readonly string[];
  rows: readonly Row[];
  cells: (row: Row, index: number) => ReactNode;
  removeLabel: (row: Row, index: number) => string;
  onRemove: (index: number) => void;
}) {
  return (
    <table className={className} aria-label={label}>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
          <th scope="col">
            <span className="visually-hidden">Remove</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => (
          <tr key={index}>
            {cells(row, index)}
            <td>
              <button type="button" onClick={() => onRemove(index)} aria-label={removeLabel(row, index)}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A whole number typed as text: the number, or null when it is not one. */
export function wholeNumber(text: string): number | null {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : null;
}

/**
 * Table rows keyed by a name (facility → zone, user → role) into the record settings keep. A row without a
 * name is refused by its position (`<section>.row.<n>`), a name used twice under `<section>.<field>.<name>`,
 * where the server would name it too.
 */
export function rowsToRecord<Row, V>(
  rows: readonly Row[],
  at: { readonly section: string; readonly field: string; readonly missing: string },
  nameOf: (row: Row) => string,
  valueOf: (row: Row) => V,
  local: Record<string, string>,
): Record<string, V> {
  const record: Record<string, V> = {};
  rows.forEach((row, index) => {
    const name = nameOf(row).trim();
    if (!name) local[`${at.section}.row.${String(index)}`] = at.missing;
    else if (Object.hasOwn(record, name)) local[`${at.section}.${at.field}.${name}`] = 'Listed twice';
    else record[name] = valueOf(row);
  });
  return record;
}
