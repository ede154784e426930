// A run's row as run supervision uses it: read (NOT_FOUND when there is no such run), patched with
// every window told (`runs.changed`), and its diff summary refreshed from its worktree.
import type { Run } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import type { RunId } from '../../shared/ids';
import type { GitRunner } from '../git/git-runner';
import { readRunDiff } from '../review/run-diff';
import type { ConnectionHub } from '../rpc/connection-hub';
import type { RunsRepo } from '../store/runs-repo';

export type RunPatch = Partial<Omit<Run, 'id' | 'threadId'>>;

export interface RunRecordsDeps {
  runs: RunsRepo;
  hub: ConnectionHub;
  git: GitRunner;
  now: () => number;
  /** The base branch a run is compared against (its thread's). */
  baseBranchOf: (run: Run) => string;
}

export class RunRecords {
  constructor(private readonly deps: RunRecordsDeps) {}

  get(runId: RunId): Run {
    const run = this.deps.runs.get(runId);
    if (!run) throw new AppError('NOT_FOUND', 'No such run.');
    return run;
  }

  patch(runId: RunId, patch: RunPatch): Run {
    const run = this.deps.runs.update(runId, patch);
    this.deps.hub.emit('runs.changed', run);
    return run;
  }

  async refreshDiff(runId: RunId): Promise<Run> {
    const run = this.get(runId);
    if (!run.worktreePath) return run; // its worktree was never created
    // The card's summary is the review diff's totals: one way of counting a run's changes.
    const diff = await readRunDiff(this.deps.git, { worktreePath: run.worktreePath, baseBranch: this.deps.baseBranchOf(run) });
    const files = diff.files.length + diff.omittedUntracked;
    return this.patch(runId, { diff: { files, added: diff.added, removed: diff.removed, at: this.deps.now() } });
  }
}
