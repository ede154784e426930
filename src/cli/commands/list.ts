// `switchyard list`: the threads of the data folder, newest first, each with its runs (id, status,
// branch, +/-); --json prints the same as the contract's ThreadWithRuns objects.
import { realpath } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { ThreadWithRuns } from '../../shared/contract';
import { dataDirOf, intOption, parseCommand } from '../args';
import type { CommandContext } from '../context';
import { ExitCode } from '../exit-codes';
import { columns, diffText, formatDate, statusText } from '../format';
import { openSession } from '../session';

/** Threads shown when no --limit is given: the recent ones, a screenful. */
const DEFAULT_LIMIT = 20;

export const LIST_HELP = `Usage: switchyard list [--repo PATH] [--limit N | --all] [--json]

Lists threads, newest first, each with its runs: id, status, branch and +/- against the base.

Options:
  --repo PATH       only the threads of this repository
  --limit N         at most N threads (default ${DEFAULT_LIMIT})
  --all             every thread
  --json            machine-readable: an array of { thread, runs }
  --data-dir DIR    the data folder (default: $SWITCHYARD_DATA_DIR or the app's)
  -h, --help        this help`;

export async function listCommand(argv: string[], ctx: CommandContext): Promise<ExitCode> {
  const { values } = parseCommand('list', argv, {
    repo: { type: 'string' },
    limit: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    ctx.io.out(`${LIST_HELP}\n`);
    return ExitCode.ok;
  }
  const limit = values.all ? Number.POSITIVE_INFINITY : intOption('limit', values.limit, DEFAULT_LIMIT, 1, 100_000);
  const session = await openSession({ dataDir: dataDirOf(values, ctx.env), version: ctx.version });
  try {
    const inRepo = values.repo === undefined ? () => true : await repoFilter(resolve(ctx.cwd, values.repo));
    const threads = (await session.client.call('threads.list', {})).filter((t) => inRepo(t.repoPath)).slice(0, limit);
    const full: ThreadWithRuns[] = [];
    for (const thread of threads) full.push(await session.client.call('threads.get', { threadId: thread.id }));
    if (values.json) ctx.io.out(`${JSON.stringify(full, null, 2)}\n`);
    else ctx.io.out(full.length === 0 ? 'No threads yet. Start one with `switchyard run`.\n' : `${full.map(formatThread).join('\n\n')}\n`);
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}

function formatThread({ thread, runs }: ThreadWithRuns): string {
  const head = `Thread ${thread.id}  ${thread.title}\n  ${thread.repoPath} · ${thread.baseBranch} · ${formatDate(thread.createdAt)}`;
  if (runs.length === 0) return `${head}\n  (no runs)`;
  const rows = [...runs]
    .sort((a, b) => a.index - b.index)
    .map((r) => [String(r.index), r.id, r.profileName, statusText(r), r.branch, diffText(r)]);
  return `${head}\n${columns([['#', 'RUN', 'AGENT', 'STATUS', 'BRANCH', '+/-'], ...rows]).map((l) => `  ${l}`).join('\n')}`;
}

/** Whether a thread's repository is the one `path` is in (the path itself, or a folder inside it). */
async function repoFilter(path: string): Promise<(repoPath: string) => boolean> {
  const real = await realpath(path).catch(() => path);
  return (repoPath) => real === repoPath || real.startsWith(repoPath.endsWith(sep) ? repoPath : repoPath + sep);
}
