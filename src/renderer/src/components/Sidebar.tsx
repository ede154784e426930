// Left column: the open repository (click to switch), New thread, the repository's threads, and
// the trash (archived runs).
import { openTrash } from '../actions/panel-actions';
import { showRepoPicker } from '../actions/repo-actions';
import { newThread } from '../actions/thread-actions';
import { useAppState, useServices } from '../app-services';
import { modKeyLabel } from '../lib/format';
import { rovingFocusHandler } from '../lib/roving-focus';
import { NeedsYou } from './agents/NeedsYou';
import { DriftNotice } from './lifecycle/DriftNotice';
import { ThreadItem } from './ThreadItem';

const onListKeyDown = rovingFocusHandler('[data-testid="thread-item"]', 'list');

export function Sidebar() {
  const services = useServices();
  const repo = useAppState((s) => s.currentRepo);
  const threads = useAppState((s) => s.threads);
  const loaded = useAppState((s) => s.threadsLoaded);
  const composing = useAppState((s) => s.selectedThreadId === null && s.panel === null);
  const inTrash = useAppState((s) => s.panel?.kind === 'trash');
  const mod = modKeyLabel(useAppState((s) => s.info?.platform ?? navigator.platform));
  if (!repo) return null;

  return (
    <aside className="sidebar" aria-label="Threads">
      <button
        type="button"
        className="sidebar-repo"
        data-testid="repo-switch"
        title={`${repo.path}\nSwitch repository`}
        onClick={() => showRepoPicker(services, true)}
      >
        <span className="sidebar-repo-name">{repo.name}</span>
        {repo.currentBranch && <span className="sidebar-repo-branch">{repo.currentBranch}</span>}
        <span className="sidebar-repo-switch" aria-hidden="true">
          {'\u21c5'}
        </span>
      </button>
      <button
        type="button"
        className={`btn btn-primary new-thread${composing ? ' is-current' : ''}`}
        data-testid="new-thread"
        onClick={() => newThread(services)}
        title={`New thread (${mod}N)`}
      >
        New thread <kbd>{mod}N</kbd>
      </button>
      <NeedsYou />
      <DriftNotice />
      <nav className="thread-nav" aria-label="Threads of this repository">
        {threads.length > 0 ? (
          <ul className="thread-list" onKeyDown={onListKeyDown}>
            {threads.map((t) => (
              <ThreadItem key={t.id} thread={t} />
            ))}
          </ul>
        ) : (
          <p className="empty-state small">{loaded ? 'No threads yet. Start one with New thread.' : 'Loading threads\u2026'}</p>
        )}
      </nav>
      <button
        type="button"
        className={`btn btn-ghost sidebar-trash${inTrash ? ' is-current' : ''}`}
        data-testid="open-trash"
        aria-current={inTrash ? 'page' : undefined}
        onClick={() => openTrash(services)}
        title="Archived runs of this repository"
      >
        Trash
      </button>
    </aside>
  );
}
