// The "Getting started" panel, reachable once a repository is open (sidebar): the three jobs and
// the setup checklist again, with New thread and Open another repository. Escape goes back.
import { closePanel } from '../../actions/panel-actions';
import { showRepoPicker } from '../../actions/repo-actions';
import { newThread } from '../../actions/thread-actions';
import { useServices } from '../../app-services';
import { useHotkey } from '../../hooks/use-hotkey';
import { SetupChecklist } from './SetupChecklist';
import { ThreeJobs } from './ThreeJobs';
import { PanelBack } from '../PanelBack';

export function GettingStarted() {
  const services = useServices();
  useHotkey({ key: 'Escape' }, () => closePanel(services));
  return (
    <section className="panel getting-started" data-testid="getting-started" aria-labelledby="getting-started-title">
      <header className="panel-head">
        <PanelBack label="Back" />
        <h1 id="getting-started-title">Getting started</h1>
      </header>
      <div className="getting-started-body">
        <ThreeJobs />
        <p className="getting-started-actions">
          <button type="button" className="btn btn-primary" data-testid="getting-started-new-thread" onClick={() => newThread(services)} autoFocus>
            New thread
          </button>
          <button type="button" className="btn" onClick={() => showRepoPicker(services, true)}>
            Open another repository{'\u2026'}
          </button>
        </p>
        <SetupChecklist />
      </div>
    </section>
  );
}
