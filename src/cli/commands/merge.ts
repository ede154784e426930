// `switchyard merge RUN`: merges a run into its thread's base branch exactly as the app's Merge dialog
// does (a merge commit by default, the thread's prompt as the message; the run's work backed up and
// committed first, the merge computed off to the side and published atomically), and prints the
// outcome. Anything but a merge exits 1: conflicts list their files, refusals say what to do.
import type { MergeOutcome } from '../../shared/contract';
import { MergeMode } from '../../shared/contract';
import type { RunId } from '../../shared/ids';
import type { RpcClient } from '../../shared/rpc/client';
import { dataDirOf, parseCommand } from '../args';
import type { CommandContext } from '../context';
import { ExitCode, UsageError } from '../exit-codes';
import { findRun, type FoundRun } from '../find-run';
import type { Output } from '../output';
import { openSession } from '../session';

export const MERGE_HELP = `Usage: switchyard merge RUN [--mode merge|squash|rebase] [--message TEXT] [--archive-others]

Merges a run into its thread's base branch, as the app's Merge dialog does. The run's work is
backed up to refs/switchyard/backup/<run> and committed onto its branch first; the merge is
computed off to the side and published atomically. A dirty checkout of the base branch, a base
that moved, or a conflict changes nothing and exits 1.

RUN is a run id (or the start of one) or the run's branch; \`switchyard list\` shows them.

Options:
  --mode MODE       merge (a merge commit, the default), squash, or rebase
  --message TEXT    the commit message (default: the thread's prompt)
  --archive-others  then archive the thread's other runs (worktrees removed; branches and
                    backup refs kept; restore them from the app's trash)
  --data-dir DIR    the data folder (default: $SWITCHYARD_DATA_DIR or the app's)
  -h, --help        this help`;

export async function mergeCommand(argv: string[], ctx: CommandContext): Promise<ExitCode> {
  const { values, positionals } = parseCommand('merge', argv, {
    mode: { type: 'string' },
    message: { type: 'string' },
    'archive-others': { type: 'boolean' },
  });
  if (values.help) {
    ctx.io.out(`${MERGE_HELP}\n`);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw new UsageError('Say which run: `switchyard merge RUN`.\nSee `switchyard merge --help`.');
  const mode = MergeMode.safeParse(values.mode ?? 'merge');
  if (!mode.success) throw new UsageError(`--mode must be merge, squash or rebase, got "${values.mode}".`);
  const session = await openSession({ dataDir: dataDirOf(values, ctx.env), version: ctx.version });
  try {
    const found = await findRun(session.client, positionals[0] as string);
    const message = values.message ?? found.thread.prompt;
    const outcome = await session.client.call('merge.run', { runId: found.run.id, mode: mode.data, message });
    report(outcome, found, ctx.io);
    if (outcome.kind !== 'merged') return ExitCode.failed;
    if (values['archive-others']) await archiveOthers(session.client, found, ctx.io);
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}

function report(outcome: MergeOutcome, { run, thread }: FoundRun, io: Output): void {
  switch (outcome.kind) {
    case 'merged': {
      const how = outcome.mode === 'merge' ? 'a merge commit' : outcome.mode === 'squash' ? 'one squashed commit' : 'rebased commits';
      io.out(`Merged run ${run.index} (${run.branch}) into ${thread.baseBranch} as ${how}: ${outcome.oldTip.slice(0, 12)} -> ${outcome.newTip.slice(0, 12)}.\n`);
      if (outcome.checkout) io.out(`The checkout at ${outcome.checkout} was fast-forwarded to it.\n`);
      io.out(`Undo it from the app while ${thread.baseBranch} has not moved on (merge ${outcome.mergeId}).\n`);
      return;
    }
    case 'conflict':
      io.err(`${outcome.message}\nConflicting files:\n${outcome.files.map((f) => `  ${f}`).join('\n')}\nNothing was changed. The app can hand the conflict to an agent (Resolve with an agent).\n`);
      return;
    case 'dirty-checkout':
      io.err(`${outcome.message}\n${outcome.files.map((f) => `  ${f}`).join('\n')}\n`);
      return;
    case 'base-moved':
    case 'nothing-to-merge':
      io.err(`${outcome.message}\n`);
      return;
  }
}

/** Archives the thread's other runs one by one, awaited (a CLI may exit right after). */
async function archiveOthers(client: RpcClient, { run, thread }: FoundRun, io: Output): Promise<void> {
  const { runs } = await client.call('threads.get', { threadId: thread.id });
  for (const other of runs) {
    if (other.id === run.id || other.archivedAt !== null || !other.worktreePath) continue;
    try {
      await client.call('runs.archive', { runId: other.id as RunId });
      io.out(`Archived run ${other.index} (${other.id}); its branch ${other.branch} and backup ref stay.\n`);
    } catch (err) {
      io.err(`Could not archive run ${other.index} (${other.id}): ${err instanceof Error ? err.message : String(err)}\n`);
    }
  }
}
