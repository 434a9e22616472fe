import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ServiceGate } from './components/ServiceGate';
import { transport } from './transport';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('missing #root');

createRoot(root).render(
  <StrictMode>
    {transport ? (
      <ServiceGate transport={transport}>{(chosen) => <App transport={chosen} />}</ServiceGate>
    ) : (
      <div className="state state-error" role="alert" data-testid="no-token">
        <strong>This console needs its link.</strong> Open the address printed by <code>clearpost serve</code>{' '}
        (it carries the access token).
      </div>
    )}
  </StrictMode>,
);
if (!transport) root.setAttribute('data-app-state', 'error');
