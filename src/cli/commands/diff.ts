// `switchyard diff RUN`: the run's changes against the merge-base with its base branch, uncommitted
// and untracked work included, as a unified patch (git's own text) or, with --stat, a summary.
import type { DiffFile, RunDiff } from '../../shared/contract';
import type { Run } from '../../shared/contract';
import type { RpcClient } from '../../shared/rpc/client';
import { dataDirOf, parseCommand } from '../args';
import type { CommandContext } from '../context';
import { ExitCode, UsageError } from '../exit-codes';
import { findRun } from '../find-run';
import type { Output } from '../output';
import { openSession } from '../session';

export const DIFF_HELP = `Usage: switchyard diff RUN [--stat] [--allow-large]

Prints a run's changes against the merge-base with its base branch, uncommitted and untracked
work included, as a unified patch (the text git prints).

RUN is a run id (or the start of one) or the run's branch; \`switchyard list\` shows them.

Options:
  --stat            a summary per file instead of the patch
  --allow-large     also print patches over the size cap (5 MB per file)
  --data-dir DIR    the data folder (default: $SWITCHYARD_DATA_DIR or the app's)
  -h, --help        this help`;

/** Widest +/- bar of --stat, in characters, as git's default. */
const STAT_BAR_WIDTH = 40;

export async function diffCommand(argv: string[], ctx: CommandContext): Promise<ExitCode> {
  const { values, positionals } = parseCommand('diff', argv, { stat: { type: 'boolean' }, 'allow-large': { type: 'boolean' } });
  if (values.help) {
    ctx.io.out(`${DIFF_HELP}\n`);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw new UsageError('Say which run: `switchyard diff RUN`.\nSee `switchyard diff --help`.');
  const session = await openSession({ dataDir: dataDirOf(values, ctx.env), version: ctx.version });
  try {
    const { run } = await findRun(session.client, positionals[0] as string);
    const diff = await session.client.call('review.runDiff', { runId: run.id });
    if (values.stat) ctx.io.out(formatStat(diff));
    else await printPatch(session.client, run, diff, Boolean(values['allow-large']), ctx.io);
    if (diff.omittedUntracked > 0) ctx.io.err(`(${diff.omittedUntracked} more untracked files are not shown: too many to list.)\n`);
    return ExitCode.ok;
  } finally {
    await session.close();
  }
}

async function printPatch(client: RpcClient, run: Run, diff: RunDiff, allowLarge: boolean, io: Output): Promise<void> {
  for (const file of diff.files) {
    if (file.binary) {
      io.out(`${gitHeader(file)}Binary files ${file.oldPath ? `a/${file.oldPath}` : file.status === 'added' ? '/dev/null' : `a/${file.path}`} and ${file.status === 'deleted' ? '/dev/null' : `b/${file.path}`} differ\n`);
      continue;
    }
    const patch = await client.call('review.filePatch', {
      runId: run.id,
      path: file.path,
      ...(file.oldPath !== undefined ? { oldPath: file.oldPath } : {}),
      ...(allowLarge ? { allowLarge: true } : {}),
    });
    if (patch.patch !== null) io.out(patch.patch.endsWith('\n') ? patch.patch : `${patch.patch}\n`);
    else if (patch.binary) io.out(`${gitHeader(file)}Binary files a/${file.path} and b/${file.path} differ\n`);
    else if (patch.tooLarge) io.err(`${file.path}: its patch is too large to print (${patch.patchBytes} bytes); add --allow-large.\n`);
  }
}

function gitHeader(file: DiffFile): string {
  return `diff --git a/${file.oldPath ?? file.path} b/${file.path}\n`;
}

/** git's --stat layout: ` path | N +++--`, then the totals line. */
export function formatStat(diff: RunDiff): string {
  if (diff.files.length === 0) return '';
  const names = diff.files.map((f) => (f.oldPath && f.oldPath !== f.path ? `${f.oldPath} => ${f.path}` : f.path));
  const nameWidth = Math.max(...names.map((n) => n.length));
  const counts = diff.files.map((f) => (f.binary ? 'Bin' : String(f.added + f.removed)));
  const countWidth = Math.max(...counts.map((c) => c.length));
  const most = Math.max(1, ...diff.files.map((f) => f.added + f.removed));
  const scale = most > STAT_BAR_WIDTH ? STAT_BAR_WIDTH / most : 1;
  const lines = diff.files.map((f, i) => {
    const plus = '+'.repeat(Math.round(f.added * scale) || (f.added > 0 ? 1 : 0));
    const minus = '-'.repeat(Math.round(f.removed * scale) || (f.removed > 0 ? 1 : 0));
    const bar = f.binary ? '' : ` ${plus}${minus}`;
    return ` ${(names[i] as string).padEnd(nameWidth)} | ${(counts[i] as string).padStart(countWidth)}${bar}`.trimEnd();
  });
  const n = diff.files.length;
  const totals = [`${n} file${n === 1 ? '' : 's'} changed`];
  if (diff.added > 0 || diff.removed === 0) totals.push(`${diff.added} insertion${diff.added === 1 ? '' : 's'}(+)`);
  if (diff.removed > 0 || diff.added === 0) totals.push(`${diff.removed} deletion${diff.removed === 1 ? '' : 's'}(-)`);
  return `${lines.join('\n')}\n ${totals.join(', ')}\n`;
}
