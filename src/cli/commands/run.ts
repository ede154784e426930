// `switchyard run`: opens the repository, starts a thread of runs with the agents asked for, shows a
// live status table until every run (and its checks) has finished, and exits 0 only when every run
// exited 0. Ctrl-C stops the runs (their worktrees and branches stay) and exits 130.
import { resolve } from 'node:path';
import type { RunId } from '../../shared/ids';
import { parseAgentsSpec, resolveAgents, type AgentItem } from '../agents-spec';
import { dataDirOf, parseCommand } from '../args';
import type { CommandContext } from '../context';
import { CliFailure, ExitCode, UsageError } from '../exit-codes';
import { checksPassed, isFinished, succeeded } from '../format';
import { openSession, type Session } from '../session';
import { StatusTable, type RunState } from '../status-table';
import { ThreadWatch } from '../thread-watch';

export const RUN_HELP = `Usage: switchyard run [--repo PATH] --agents LIST [--base BRANCH] PROMPT...

Starts one thread: every run gets its own worktree, branch and terminal, as in the app. Shows a
status table until the runs (and the repository's checks, if it has any) have finished.

Options:
  --repo PATH       the git repository (default: the current folder)
  --agents LIST     which agents, how many runs each: NAME[:COUNT],… e.g. codex:2,claude:1
                    NAME is a CLI id (codex, claude, gemini, opencode, aider, copilot, qwen),
                    builtin (your built-in agent profile), shell, or a saved profile's name or id
  --base BRANCH     the branch the runs start from (default: the branch checked out in the repository)
  --data-dir DIR    the data folder (default: $SWITCHYARD_DATA_DIR or the app's)
  -h, --help        this help

PROMPT is the rest of the line; "-" reads it from standard input.
Exit status: 0 when every run exited 0, 1 when one did not, 2 for a usage error, 130 after Ctrl-C.`;

/** How often the table's times tick on a terminal, in ms. */
const TICK_MS = 1_000;

export async function runCommand(argv: string[], ctx: CommandContext): Promise<ExitCode> {
  const { values, positionals } = parseCommand('run', argv, {
    repo: { type: 'string' },
    agents: { type: 'string' },
    base: { type: 'string' },
  });
  if (values.help) {
    ctx.io.out(`${RUN_HELP}\n`);
    return ExitCode.ok;
  }
  if (values.agents === undefined) throw new UsageError('Say which agents run with --agents, e.g. --agents codex:2,claude:1.\nSee `switchyard run --help`.');
  const items = parseAgentsSpec(values.agents);
  let prompt = positionals.join(' ');
  if (prompt === '-') prompt = await ctx.readStdin();
  if (prompt.trim() === '') throw new UsageError('Give the prompt after the options (or "-" to read it from standard input).\nSee `switchyard run --help`.');
  const repoPath = resolve(ctx.cwd, values.repo ?? '.');

  const session = await openSession({ dataDir: dataDirOf(values, ctx.env), version: ctx.version });
  try {
    return await runThread(session, ctx, { repoPath, items, prompt, base: values.base });
  } finally {
    await session.close();
  }
}

interface RunRequest {
  repoPath: string;
  items: AgentItem[];
  prompt: string;
  base: string | undefined;
}

async function runThread(session: Session, ctx: CommandContext, req: RunRequest): Promise<ExitCode> {
  const { client } = session;
  const repo = await client.call('repos.open', { path: req.repoPath });
  const agents = resolveAgents(req.items, await client.call('profiles.list', {}));
  const baseBranch = req.base ?? repo.currentBranch;
  if (!baseBranch) throw new UsageError(`${repo.path} has no branch checked out (detached HEAD); say which branch to start from with --base BRANCH.`);

  let interrupted: 'SIGINT' | 'SIGTERM' | null = null;
  let wake: () => void = () => {};
  const stopListening = ctx.onInterrupt((signal) => {
    interrupted = signal;
    wake();
  });
  const watch = new ThreadWatch(client);
  let ticker: NodeJS.Timeout | undefined;
  try {
    const created = await client.call('threads.create', {
      repoId: repo.id,
      prompt: req.prompt,
      baseBranch,
      agents: agents.map((a) => ({ profileId: a.profile.id, count: a.count })),
    });
    await watch.follow(created.thread.id);
    const where = session.mode === 'remote' ? ' (through the Switchyard already running on this data folder)' : '';
    const table = new StatusTable(ctx.io, `Thread ${created.thread.id} on ${baseBranch} of ${repo.path}${where}`, watch.expectedChecks);

    const outcome = await new Promise<'settled' | 'interrupted' | 'disconnected'>((done) => {
      const check = () => {
        table.update(watch.states());
        if (interrupted) done('interrupted');
        else if (watch.settled()) done('settled');
      };
      wake = check;
      watch.onChange(check);
      client.onClose(() => done('disconnected'));
      if (ctx.io.isTTY || watch.expectedChecks.length > 0) ticker = setInterval(check, TICK_MS);
      check();
    });
    if (outcome === 'disconnected') throw new CliFailure('The connection to the Switchyard process serving this data folder was lost; its runs may still be going.');
    if (outcome === 'interrupted') return await stopAll(session, watch, ctx, interrupted ?? 'SIGINT');

    await refreshDiffs(session, watch);
    table.finish(watch.states());
    return summarize(watch.states(), ctx);
  } finally {
    clearInterval(ticker);
    stopListening();
    watch.close();
  }
}

/** Final +/- of every run with a worktree (the core computes them on exit; this waits for them). */
async function refreshDiffs(session: Session, watch: ThreadWatch): Promise<void> {
  for (const run of watch.runs()) {
    if (run.archivedAt !== null || !run.worktreePath) continue;
    const fresh = await session.client.call('runs.refreshDiff', { runId: run.id }).catch(() => null);
    if (fresh) watch.update(fresh);
  }
}

function summarize(states: RunState[], ctx: CommandContext): ExitCode {
  const runs = states.map((s) => s.run);
  const ok = runs.filter(succeeded);
  const bad = runs.length - ok.length;
  const counts = bad === 0 ? `all ${runs.length} exited 0` : `${ok.length} exited 0, ${bad} did not`;
  ctx.io.out(`\n${runs.length} run${runs.length === 1 ? '' : 's'}: ${counts}.\n`);
  const failedChecks = states.filter((s) => !checksPassed(s.checks)).map((s) => s.run.id);
  if (failedChecks.length > 0) ctx.io.out(`Checks failed in: ${failedChecks.join(', ')}.\n`);
  const best = ok.find((r) => !failedChecks.includes(r.id)) ?? ok[0];
  if (best) ctx.io.out(`Review: switchyard diff ${best.id}    Merge: switchyard merge ${best.id}\n`);
  return bad === 0 ? ExitCode.ok : ExitCode.failed;
}

/** Ctrl-C: stops every run still going (and checks still running); worktrees and branches stay. */
async function stopAll(session: Session, watch: ThreadWatch, ctx: CommandContext, signal: 'SIGINT' | 'SIGTERM'): Promise<ExitCode> {
  const live = watch.runs().filter((r) => !isFinished(r));
  const what = live.length > 0 ? `Stopping ${live.length} run${live.length === 1 ? '' : 's'}` : 'Stopping the checks still running';
  ctx.io.err(`\n${what}; worktrees and branches are kept.\n`);
  if (session.mode === 'local') {
    // This process hosts the core: closing it marks the runs interrupted and cancels their checks.
    await session.close();
  } else {
    const { client } = session;
    await Promise.all(live.map((r) => client.call('runs.stop', { runId: r.id }).catch(() => null)));
    await Promise.all(watch.runsWithRunningChecks().map((id) => client.call('checks.cancel', { runId: id as RunId }).catch(() => null)));
  }
  for (const run of watch.runs()) ctx.io.err(`  run ${run.index} ${run.id}: ${run.worktreePath}\n`);
  return signal === 'SIGINT' ? ExitCode.interrupted : ExitCode.terminated;
}
