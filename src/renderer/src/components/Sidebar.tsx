// Left column: the open repository (click to switch), New thread, the repository's threads (with a
// search field), the trash (archived runs) and Getting started.
import type { ReactNode } from 'react';
import { openGettingStarted } from '../actions/first-run-actions';
import { openTrash } from '../actions/panel-actions';
import { showRepoPicker } from '../actions/repo-actions';
import { newThread } from '../actions/thread-actions';
import { useAppState, useServices } from '../app-services';
import { useShortcut } from '../commands/commands-context';
import { rovingFocusHandler } from '../lib/roving-focus';
import { NeedsYou } from './agents/NeedsYou';
import { ThreadSearch } from './board/ThreadSearch';
import { useThreadFilter } from './board/use-thread-search';
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
  const inGettingStarted = useAppState((s) => s.panel?.kind === 'getting-started');
  const newKey = useShortcut('thread.new');
  const { query, terms, shown } = useThreadFilter(threads);
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
        title={newKey ? `New thread (${newKey.label})` : 'New thread'}
      >
        New thread {newKey && <kbd>{newKey.label}</kbd>}
      </button>
      <NeedsYou />
      <DriftNotice />
      {threads.length > 0 && <ThreadSearch total={threads.length} shown={shown.length} firstThreadId={shown[0]?.id ?? null} />}
      <nav className="thread-nav" aria-label="Threads of this repository">
        {shown.length > 0 ? (
          <ul className="thread-list" onKeyDown={onListKeyDown}>
            {shown.map((t) => (
              <ThreadItem key={t.id} thread={t} terms={terms} />
            ))}
          </ul>
        ) : threads.length > 0 ? (
          <p className="empty-state small" data-testid="thread-search-empty">
            No thread matches {'\u201c'}
            {query.trim()}
            {'\u201d'}.
          </p>
        ) : (
          <p className="empty-state small">{loaded ? 'No threads yet. Start one with New thread.' : 'Loading threads\u2026'}</p>
        )}
      </nav>
      <PanelLink testId="open-trash" current={inTrash} onOpen={() => openTrash(services)} title="Archived runs of this repository">
        Trash
      </PanelLink>
      <PanelLink
        testId="open-getting-started"
        current={inGettingStarted}
        onOpen={() => openGettingStarted(services)}
        title="What Switchyard does, and which agents and endpoints it found"
      >
        Getting started
      </PanelLink>
    </aside>
  );
}

/** A sidebar button that opens a panel, marked as the current page while that panel shows. */
function PanelLink(props: { testId: string; current: boolean; onOpen: () => void; title: string; children: ReactNode }) {
  return (
    <button
      type="button"
      className={`btn btn-ghost sidebar-trash${props.current ? ' is-current' : ''}`}
      data-testid={props.testId}
      aria-current={props.current ? 'page' : undefined}
      onClick={props.onOpen}
      title={props.title}
    >
      {props.children}
    </button>
  );
}
