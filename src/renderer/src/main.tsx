// Start-up: connect (WebSocket or MessagePort), build the services once, bind events, render.
import '@xterm/xterm/css/xterm.css';
import './styles/app.css';
import './styles/agents.css';
import './styles/theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '../../shared/rpc/client';
import { bootstrap } from './actions/repo-actions';
import { reportError } from './actions/context';
import { App } from './App';
import { Connecting } from './components/Connecting';
import { bindStore } from './rpc/bindings';
import { connect } from './rpc/connect';
import { createAppStore } from './state/store';
import { TerminalRegistry } from './terminals/terminal-registry';

async function start(container: HTMLElement): Promise<void> {
  const root = createRoot(container);
  root.render(
    <StrictMode>
      <Connecting />
    </StrictMode>,
  );
  const client = createClient(await connect());
  const store = createAppStore();
  bindStore(client, store);
  const terminals = new TerminalRegistry(client, { reportError: (err) => reportError({ store }, err) });
  root.render(
    <StrictMode>
      <App services={{ client, store, terminals }} />
    </StrictMode>,
  );
  await bootstrap({ client, store });
}

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');
void start(container);
