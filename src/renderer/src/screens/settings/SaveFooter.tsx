import { ResultLine, type ActionResult } from './use-action';

/**
 * The foot of every settings form that saves a draft: Save (while there are changes) and Discard, then what
 * the save came to and the messages no field shows, so none is lost.
 */
export function SaveButtons({
  label,
  saving,
  blocked = false,
  dirty,
  onDiscard,
}: {
  label: string;
  saving: boolean;
  /** Other work under way on the same screen. */
  blocked?: boolean;
  dirty: boolean;
  onDiscard: () => void;
}) {
  return (
    <div className="form-actions">
      <button type="submit" disabled={saving || blocked || !dirty}>
        {saving ? 'Saving…' : label}
      </button>
      {dirty && (
        <button type="button" onClick={onDiscard}>
          Discard changes
        </button>
      )}
    </div>
  );
}

export function SaveOutcome({
  result,
  unplaced,
}: {
  result: ActionResult | null;
  unplaced: readonly string[];
}) {
  return (
    <>
      <ResultLine result={result} />
      {unplaced.length > 0 && (
        <ul className="form-error">
          {unplaced.map((text) => (
            <li key={text}>{text}</li>
          ))}
        </ul>
      )}
    </>
  );
}
