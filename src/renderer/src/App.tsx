import { useEffect, useState } from 'react';
import { createHashRouter, RouterProvider } from 'react-router';
import type { AppInfo } from '../../shared/contract';
import { Layout } from './components/Layout';
import { ScreenError } from './components/ScreenError';
import { ApiContext } from './hooks/api-context';
import { Approvals } from './screens/Approvals';
import { Cash } from './screens/Cash';
import { Dashboard } from './screens/Dashboard';
import { Detail } from './screens/Detail';
import { Exceptions } from './screens/Exceptions';
import { Import } from './screens/Import';
import { ManualPayment } from './screens/ManualPayment';
import { Quarantine } from './screens/Quarantine';
import { Reconciliation } from './screens/Reconciliation';
import { Settings } from './screens/Settings';
import { Transactions } from './screens/Transactions';
import { useUi } from './stores/ui';
import type { Transport } from './transport';

/** Marks the root for end-to-end tests and for support: loading, ready or error. */
function setAppState(state: 'loading' | 'ready' | 'error'): void {
  document.getElementById('root')?.setAttribute('data-app-state', state);
}

export function App({ transport }: { transport: Transport }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const setConnected = useUi((s) => s.setConnected);
  const setEngine = useUi((s) => s.setEngine);

  useEffect(() => {
    const { api } = transport;
    const offConnection = transport.onConnection(setConnected);
    const offEngine = api.on('engine.status', setEngine);
    Promise.all([api.invoke('app.info', {}), api.invoke('engine.status', {})])
      .then(([appInfo, engine]) => {
        setInfo(appInfo);
        setEngine(engine);
        setAppState('ready');
      })
      .catch((error: unknown) => {
        setFailure(error instanceof Error ? error.message : String(error));
        setAppState('error');
      });
    return () => {
      offConnection();
      offEngine();
    };
  }, [transport, setConnected, setEngine]);

  if (failure) {
    return (
      <div className="state state-error" role="alert">
        <strong>Clearpost could not start the console.</strong> {failure}
      </div>
    );
  }
  if (!info) return <div className="state">Starting Clearpost…</div>;

  const router = createHashRouter([
    {
      element: <Layout transport={transport.kind} sandbox={info.sandbox} />,
      // Each screen has its own error boundary: one that throws is replaced by ScreenError, the rest stay.
      children: [
        { path: '/', element: <Dashboard /> },
        { path: '/exceptions', element: <Exceptions /> },
        { path: '/exceptions/:id', element: <Detail /> },
        { path: '/manual', element: <ManualPayment /> },
        { path: '/transactions', element: <Transactions /> },
        { path: '/quarantine', element: <Quarantine /> },
        { path: '/import', element: <Import /> },
        { path: '/reconciliation', element: <Reconciliation /> },
        { path: '/cash', element: <Cash /> },
        { path: '/approvals', element: <Approvals /> },
        { path: '/settings', element: <Settings /> },
      ].map((route) => ({ ...route, errorElement: <ScreenError /> })),
    },
  ]);

  return (
    <ApiContext.Provider value={transport.api}>
      <RouterProvider router={router} />
    </ApiContext.Provider>
  );
}
