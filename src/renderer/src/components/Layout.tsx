import { NavLink, Outlet } from 'react-router';
import type { AppInfo } from '../../../shared/contract';
import { StatusBar } from './StatusBar';

const SCREENS = [
  { to: '/', label: 'Dashboard' },
  { to: '/exceptions', label: 'Exceptions' },
  { to: '/transactions', label: 'Transactions' },
  { to: '/reconciliation', label: 'Reconciliation' },
  { to: '/settings', label: 'Settings' },
] as const;

export function Layout({ transport, sandbox }: { transport: 'ipc' | 'http'; sandbox: AppInfo['sandbox'] }) {
  return (
    <div className="shell">
      {sandbox ? (
        <div className="sandbox-banner" role="note" data-testid="sandbox-banner">
          <strong>Sandbox.</strong> Clearpost is posting to simulated Epic and Oracle Health on this computer
          {sandbox.traffic ? ', with synthetic payments arriving' : ''}. No real patient or payment data.
        </div>
      ) : (
        <div />
      )}
      <header className="top">
        <span className="brand">Clearpost</span>
        <nav aria-label="Screens">
          {SCREENS.map((screen) => (
            <NavLink key={screen.to} to={screen.to} end={screen.to === '/'}>
              {screen.label}
            </NavLink>
          ))}
        </nav>
      </header>
      <main className="content">
        <Outlet />
      </main>
      <StatusBar transport={transport} />
    </div>
  );
}
