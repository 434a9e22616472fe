/**
 * Settings → "Connect to a Clearpost service": the service's address (the printed link on loopback, which
 * carries its token), the certificate fingerprint to pin, and an account to sign in with. Main signs in
 * over the pinned connection before anything is stored; the password is never kept.
 */
import { useState, type SyntheticEvent } from 'react';
import type { ServiceChange } from '../../../../shared/commands/service';
import { useApi } from '../../hooks/api-context';
import { ResultLine, useAction } from './use-action';

export function ServiceConnectForm({ onConnected }: { onConnected: (change: ServiceChange) => void }) {
  const api = useApi();
  const action = useAction();
  const [url, setUrl] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [keepSession, setKeepSession] = useState(true);

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    void action.run('connect', async () => {
      try {
        const change = await api.invoke('service.connect', {
          url: url.trim(),
          fingerprint256: fingerprint,
          username: username.trim(),
          password,
          keepSession,
        });
        onConnected(change);
        return change.notice ?? 'Signed in to the service.';
      } finally {
        setPassword('');
      }
    });
  };

  return (
    <form className="panel" onSubmit={submit} aria-labelledby="service-connect-title">
      <h3 id="service-connect-title">Connect to a Clearpost service</h3>
      <p className="muted">
        Make this computer a console of the team&apos;s shared Clearpost service: it then runs no engine and
        no database of its own, and shows the service&apos;s queue.
      </p>
      <div className="settings-grid">
        <label className="field">
          Service address
          <input
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="https://clearpost.hospital.example:8443/"
            inputMode="url"
            required
          />
        </label>
        <label className="field">
          Certificate fingerprint (SHA-256)
          <input
            value={fingerprint}
            onChange={(e) => setFingerprint(e.target.value)}
            placeholder="AB:CD:…, as clearpost serve prints it"
            className="mono"
            required
          />
        </label>
        <label className="field">
          User name
          <input
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            autoComplete="username"
            required
          />
        </label>
        <label className="field">
          Password
          <input
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={keepSession} onChange={(e) => setKeepSession(e.target.checked)} />
        Stay signed in on this computer (the session is sealed in the vault; the password is never kept)
      </label>
      <div className="form-actions">
        <button type="submit" disabled={action.busy !== null}>
          {action.busy ? 'Connecting…' : 'Connect'}
        </button>
      </div>
      <ResultLine result={action.result} testId="service-connect-result" />
    </form>
  );
}
