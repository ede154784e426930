// The window: a disconnection banner, then the repo picker or the main layout, the toasts, and what
// the keyboard commands open (palette, shortcuts, their dialogs).
import { AppServicesContext, useAppState, type AppServices } from './app-services';
import { CommandsProvider } from './commands/commands-context';
import { AttentionNotifier } from './components/agents/AttentionNotifier';
import { CommandHost } from './components/commands/CommandHost';
import { DisconnectedBanner } from './components/DisconnectedBanner';
import { MainLayout } from './components/MainLayout';
import { RepoPicker } from './components/RepoPicker';
import { StorageBanner } from './components/StorageBanner';
import { Toasts } from './components/Toasts';

function Shell() {
  const connection = useAppState((s) => s.connection);
  const booted = useAppState((s) => s.booted);
  const showPicker = useAppState((s) => s.currentRepo === null || s.pickingRepo);
  let body;
  if (!booted) {
    body = (
      <main className="splash" aria-busy="true">
        <span className="spinner" aria-hidden="true" />
      </main>
    );
  } else body = showPicker ? <RepoPicker /> : <MainLayout />;
  return (
    <div className={`app${connection === 'closed' ? ' is-disconnected' : ''}`}>
      {connection === 'closed' && <DisconnectedBanner />}
      <StorageBanner />
      {body}
      <Toasts />
      <AttentionNotifier />
      <CommandHost />
    </div>
  );
}

export function App({ services }: { services: AppServices }) {
  return (
    <AppServicesContext value={services}>
      <CommandsProvider>
        <Shell />
      </CommandsProvider>
    </AppServicesContext>
  );
}
