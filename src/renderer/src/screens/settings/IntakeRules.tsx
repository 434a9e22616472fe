import { useState, type SyntheticEvent } from 'react';
import type { IntakeRulesView } from '../../../../shared/commands/intake-rules';
import { QueryView } from '../../components/QueryView';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';
import './intake-rules.css';
import { IntakeDefaults } from './IntakeDefaults';
import { IntakeDobRules } from './IntakeDobRules';
import { IntakeFieldRules } from './IntakeFieldRules';
import { IntakeMergedAccounts } from './IntakeMergedAccounts';
import { fieldOfIssue, isShown, issueMarks } from './intake-marks';
import { fromDraft, toDraft } from './intake-rules-draft';
import { refusal } from './save-refusal';
import { SaveButtons, SaveOutcome } from './SaveFooter';
import type { ActionResult } from './use-action';
import { useRulesDraft } from './use-rules-draft';

/**
 * Settings section: how intake reads what processors send. Custom-field rules (a merchant-defined data key
 * or report column → a field), the facility and EHR for payments that name none, the merged-account map,
 * and accounts that need a matching date of birth. Saved rules apply from the next payment received.
 */
/** Everyone may read the rules; only a supervisor edits them (the server refuses anyone else). */
export function IntakeRulesSection({ canEdit }: { canEdit: boolean }) {
  const query = useQuery('intake.rules.get', {}, []);
  // After a save, the answer of that call is the newest view.
  const [saved, setSaved] = useState<IntakeRulesView | null>(null);
  const view = saved ?? query.data;
  return (
    <section className="intake-rules" aria-labelledby="intake-rules-title" data-testid="intake-rules">
      <h2 id="intake-rules-title">Intake rules</h2>
      <QueryView query={{ ...query, data: view }}>
        {(v) => <RulesEditor key={JSON.stringify(v)} view={v} canEdit={canEdit} onSaved={setSaved} />}
      </QueryView>
    </section>
  );
}

function RulesEditor({
  view,
  canEdit,
  onSaved,
}: {
  view: IntakeRulesView;
  canEdit: boolean;
  onSaved: (view: IntakeRulesView) => void;
}) {
  const api = useApi();
  const editing = useRulesDraft(toDraft(view));
  const { original, draft, setDraft } = editing;
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [result, setResult] = useState<ActionResult | null>(null);
  const [busy, setBusy] = useState(false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(original);

  const save = (event: SyntheticEvent) => {
    event.preventDefault();
    setBusy(true);
    setResult(null);
    api
      .invoke('intake.rules.save', { rules: fromDraft(draft) })
      .then(
        (next) => {
          setIssues({});
          onSaved(next);
        },
        (error: unknown) => {
          const { byField, text } = refusal(error, fieldOfIssue);
          setIssues(byField);
          setResult({ ok: false, text });
        },
      )
      .finally(() => setBusy(false));
  };

  const marks = issueMarks(issues);
  const otherIssues = Object.entries(issues)
    .filter(([path]) => !isShown(path, draft))
    .map(([path, text]) => `${path}: ${text}`);
  const parts = { editing, marks, canEdit };

  return (
    <form className="panel intake-rules-form" onSubmit={save} aria-label="Intake rules" noValidate>
      <p className="muted">
        Applied to every payment received from the next one on: webhooks and imported files.
      </p>
      <IntakeDefaults {...parts} />
      <IntakeFieldRules
        {...parts}
        transforms={view.transforms}
        targets={view.canonicalTargets}
        areDefaults={view.fieldRulesAreDefaults}
      />
      <IntakeMergedAccounts {...parts} />
      <IntakeDobRules {...parts} />

      {canEdit && (
        <SaveButtons
          label="Save intake rules"
          saving={busy}
          dirty={dirty}
          onDiscard={() => {
            setDraft(original);
            setIssues({});
            setResult(null);
          }}
        />
      )}
      <SaveOutcome result={result} unplaced={otherIssues} />
    </form>
  );
}
