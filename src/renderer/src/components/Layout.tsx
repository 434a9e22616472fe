import { NavLink, Outlet } from 'react-router';
import { StatusBar } from './StatusBar';

const SCREENS = [
  { to: '/', label: 'Dashboard' },
  { to: '/exceptions', label: 'Exceptions' },
  { to: '/transactions', label: 'Transactions' },
  { to: '/reconciliation', label: 'Reconciliation' },
  { to: '/settings', label: 'Settings' },
] as const;

export function Layout({ transport }: { transport: 'ipc' | 'http' }) {
  return (
    <div className="shell">
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
