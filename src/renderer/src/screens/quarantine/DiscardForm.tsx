import { useState, type SyntheticEvent } from 'react';
import { useApi } from '../../hooks/api-context';

interface Props {
  readonly id: number;
  readonly disabled: boolean;
  readonly onBusy: (busy: boolean) => void;
  readonly onResult: (result: { ok: boolean; text: string }) => void;
}

/** Closes a quarantined input without posting it: the reason is required and kept with the entry. */
export function DiscardForm({ id, disabled, onBusy, onResult }: Props) {
  const api = useApi();
  const [reason, setReason] = useState('');
  const discard = (event: SyntheticEvent) => {
    event.preventDefault();
    onBusy(true);
    api
      .invoke('quarantine.discard', { id, reason })
      .then(
        () => {
          onResult({ ok: true, text: 'Discarded: the input is kept with your reason and never posted.' });
          setReason('');
        },
        (cause: unknown) =>
          onResult({ ok: false, text: cause instanceof Error ? cause.message : String(cause) }),
      )
      .finally(() => onBusy(false));
  };
  return (
    <form className="quarantine-discard" onSubmit={discard} aria-label="Discard">
      <label className="field">
        Reason to discard (required)
        <textarea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          maxLength={2000}
          rows={2}
        />
      </label>
      <button type="submit" disabled={disabled || !reason.trim()}>
        Discard
      </button>
    </form>
  );
}
