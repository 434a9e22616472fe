import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import type { AppInfo } from '../../../shared/contract';
import { isTyping } from '../hooks/use-shortcuts';
import { QuarantineCount } from '../screens/quarantine/QuarantineCount';
import { useUi } from '../stores/ui';
import { HelpOverlay } from './HelpOverlay';
import { RecoveryBanner } from './RecoveryBanner';
import { ResourceBanner } from './ResourceBanner';
import { SessionMenu } from './Session';
import { StatusBar } from './StatusBar';

const SCREENS = [
  { to: '/', label: 'Dashboard' },
  { to: '/exceptions', label: 'Exceptions' },
  { to: '/manual', label: 'Manual payment' },
  { to: '/transactions', label: 'Transactions' },
  { to: '/quarantine', label: 'Quarantine' },
  { to: '/import', label: 'Import' },
  { to: '/reconciliation', label: 'Reconciliation' },
  { to: '/cash', label: 'Cash' },
  { to: '/approvals', label: 'Approvals' },
  { to: '/settings', label: 'Settings' },
] as const;

/** `g` then a letter jumps between screens, as in mail and issue trackers operators already use. */
const GO_TO: Readonly<Record<string, string>> = { d: '/', e: '/exceptions', m: '/manual', s: '/settings' };

function useGlobalKeys() {
  const navigate = useNavigate();
  const setHelpOpen = useUi((s) => s.setHelpOpen);
  const pendingG = useRef(0);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target))
        return;
      if (event.key === '?') {
        event.preventDefault();
        setHelpOpen(!useUi.getState().helpOpen);
        return;
      }
      if (document.querySelector('[aria-modal="true"]')) return;
      if (event.key === 'g') {
        pendingG.current = Date.now();
        return;
      }
      const target = GO_TO[event.key];
      if (target && Date.now() - pendingG.current < 1_500) {
        event.preventDefault();
        pendingG.current = 0;
        void navigate(target);
      }
    };
    // Capture: the `g` prefix must win over a screen's own single-key shortcuts (g then m is not "mark").
    document.addEventListener('keydown', onKey, true);
    return () => document.removeEventListener('keydown', onKey, true);
  }, [navigate, setHelpOpen]);
}

export function Layout({ transport, sandbox }: { transport: 'ipc' | 'http'; sandbox: AppInfo['sandbox'] }) {
  const connected = useUi((s) => s.connected);
  const helpOpen = useUi((s) => s.helpOpen);
  const setHelpOpen = useUi((s) => s.setHelpOpen);
  useGlobalKeys();
  return (
    <div className="shell">
      <div>
        <RecoveryBanner />
        <ResourceBanner />
        {sandbox && (
          <div className="sandbox-banner" role="note" data-testid="sandbox-banner">
            <strong>Sandbox.</strong> Clearpost is posting to simulated Epic and Oracle Health on this
            computer
            {sandbox.traffic ? ', with synthetic payments arriving' : ''}. No real patient or payment data.
          </div>
        )}
        {!connected && (
          <div className="offline-banner" role="alert" data-testid="offline-banner">
            <strong>Offline.</strong> The console lost its connection to Clearpost and is reconnecting. What
            you see is the last data loaded; actions wait until it is back.
          </div>
        )}
      </div>
      <header className="top">
        <span className="brand">Clearpost</span>
        <nav aria-label="Screens">
          {SCREENS.map((screen) => (
            <NavLink key={screen.to} to={screen.to} end={screen.to === '/'}>
              {screen.label}
              {screen.to === '/quarantine' && <QuarantineCount />}
            </NavLink>
          ))}
        </nav>
        <SessionMenu />
        <button
          type="button"
          className="help-button"
          onClick={() => setHelpOpen(true)}
          aria-keyshortcuts="?"
          title="Keyboard shortcuts (?)"
        >
          Shortcuts ?
        </button>
      </header>
      <main className="content">
        <Outlet />
      </main>
      <StatusBar transport={transport} />
      {helpOpen && <HelpOverlay onClose={() => setHelpOpen(false)} />}
    </div>
  );
}
