import { useState } from 'react';
import type { IntakeRulesView } from '../../../../shared/commands/intake-rules';
import { FormStatus } from '../../components/form/Field';
import { useCommandForm } from '../../components/form/use-command-form';
import { QueryView } from '../../components/QueryView';
import { useApi } from '../../hooks/api-context';
import { useQuery } from '../../hooks/use-query';
import './intake-rules.css';
import { IntakeDefaults } from './IntakeDefaults';
import { IntakeDobRules } from './IntakeDobRules';
import { IntakeFieldRules } from './IntakeFieldRules';
import { IntakeMergedAccounts } from './IntakeMergedAccounts';
import { INTAKE_BINDING, requiredFieldsOf } from './intake-form-rules';
import { toDraft } from './intake-rules-draft';
import { SaveButtons } from './SaveFooter';

/**
 * Settings section: how intake reads what processors send. Custom-field rules (a merchant-defined data key
 * or report column → a field), the facility and EHR for payments that name none, the merged-account map,
 * and accounts that need a matching date of birth. Saved rules apply from the next payment received.
 * The form holds the draft and judges what it would send by the rules main saves with, before sending.
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
  const [original] = useState(() => toDraft(view));
  const intake = useCommandForm({ ...INTAKE_BINDING, defaultValues: original });
  const { form } = intake;
  // Each row's required fields are asked of the rules for the draft as it stands (rows come and go).
  const of = { ...intake, required: requiredFieldsOf(form.watch()) };
  const parts = { of, original, canEdit };
  const save = intake.onSubmit(async (args) => {
    onSaved(await api.invoke('intake.rules.save', args));
  });

  return (
    <form
      className="panel intake-rules-form"
      onSubmit={(e) => void save(e)}
      aria-label="Intake rules"
      noValidate
    >
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
          saving={form.formState.isSubmitting}
          dirty={form.formState.isDirty}
          onDiscard={() => form.reset(original)}
        />
      )}
      <FormStatus of={of} note={canEdit} />
    </form>
  );
}
