/**
 * What every Settings section shares: saving the whole document with one section replaced, the answer of
 * `settings.save` turned into messages next to the fields they name, and the read-only state for anyone
 * who is not a supervisor.
 */
import { useState, type ReactNode, type SyntheticEvent } from 'react';
import type { SettingsDocument, SettingsView } from '../../../../shared/commands/settings';
import { useApi } from '../../hooks/api-context';
import { FIX_FIELDS, refusal } from './save-refusal';
import { SaveButtons, SaveOutcome } from './SaveFooter';
import type { ActionResult } from './use-action';

export interface SectionProps {
  readonly view: SettingsView;
  /** Supervisors edit; everyone else reads. */
  readonly canEdit: boolean;
  readonly onSaved: (view: SettingsView) => void;
}

/** A settings section's saved document, or an empty one where none is saved yet. */
export const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** Messages by full settings path, e.g. "facilities.timeZones.MAIN". */
export type Issues = Readonly<Record<string, string>>;

export function useSectionSave(props: SectionProps, section: string) {
  const api = useApi();
  const [issues, setIssues] = useState<Issues>({});
  const [result, setResult] = useState<ActionResult | null>(null);
  const [busy, setBusy] = useState(false);

  /** Saves `value` as the section; `local` are problems found before asking main (then nothing is sent). */
  const save = (value: unknown, local: Issues = {}): Promise<boolean> => {
    setResult(null);
    if (Object.keys(local).length > 0) {
      setIssues(local);
      setResult({ ok: false, text: FIX_FIELDS });
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
          const { byField, text } = refusal(error);
          setIssues(byField);
          setResult({ ok: false, text });
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
  result: ActionResult | null;
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
        <SaveButtons
          label={`Save ${title.toLowerCase()}`}
          saving={busy}
          dirty={dirty}
          onDiscard={onDiscard}
        />
      ) : (
        <p className="muted read-only-note">Only a supervisor can change these settings.</p>
      )}
      <SaveOutcome result={result} unplaced={unplaced} />
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

/** A section's text field: its value, main's message for its settings path beside it. */
export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  placeholder,
  inputMode,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  hint?: string;
  placeholder?: string;
  inputMode?: 'numeric' | 'decimal' | 'email';
}) {
  return (
    <Field label={label} error={error} hint={hint}>
      <input
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        placeholder={placeholder}
        inputMode={inputMode}
        autoComplete="off"
      />
    </Field>
  );
}
