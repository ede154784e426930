import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppError } from '../../shared/errors';
import type { RunId } from '../../shared/ids';
import { runGit } from '../../../test/helpers/git-fixtures';
import { GitRunner } from '../git/git-runner';
import { makeRunRepo, type RunRepo } from '../review/test-repos';
import { closeDatabase, openDatabase } from '../store/database';
import { migrations, type Migration } from '../store/migrations';
import { RunsRepo } from '../store/runs-repo';
import { sampleRun, seedThread, tempDbFile, type TempDb } from '../store/test-fixtures';
import { PtyHost } from '../terminals/pty-host';
import { ChecksRepo } from './checks-repo';
import { checksMigration } from './checks-schema';
import { ChecksService, type ChecksEvent } from './checks-service';
import { PortBlockAllocator } from './port-blocks';

/** No-op stand-in for schema v3 (owned by another module) until migrations.ts registers it. */
const stubV3: Migration = { version: 3, name: 'placeholder for v3 (owned elsewhere)', up: () => undefined };
const withChecks = (): Migration[] => {
  const list = [...migrations];
  if (!list.some((m) => m.version === 3)) list.push(stubV3);
  return list.some((m) => m.version === 4) ? list : [...list, checksMigration];
};

describe.skipIf(process.platform === 'win32')('ChecksService', () => {
  let tmp: TempDb;
  let db: Database.Database;
  let fixture: RunRepo;
  let host: PtyHost;
  let runId: RunId;
  let base: string;
  beforeEach(async () => {
    tmp = tempDbFile();
    db = await openDatabase(tmp.file, { migrations: withChecks() });
    const { thread } = seedThread(db);
    const run = sampleRun(thread.id, 1);
    new RunsRepo(db).insert(run);
    runId = run.id;
    const config = { checks: { port: 'test -n "$SWITCHYARD_PORT" && echo "port $SWITCHYARD_PORT"', fails: 'echo nope; exit 4', slow: 'sleep 20' } };
    fixture = await makeRunRepo({ '.switchyard.json': JSON.stringify(config) });
    base = (await runGit(fixture.repo, ['rev-parse', 'main'])).trim();
    host = new PtyHost({ stopGraceMs: 300 });
  });
  afterEach(async () => {
    await host.disposeAll();
    await fixture.cleanup();
    closeDatabase(db);
    tmp.cleanup();
  });

  const service = (onEvent: (e: ChecksEvent) => void = () => undefined) =>
    new ChecksService({ git: new GitRunner(), host, repo: new ChecksRepo(db), ports: new PortBlockAllocator({ isFree: async () => true }), onEvent });
  const run = () => ({ runId, worktreePath: fixture.worktree(1), repoPath: fixture.repo, baseCommit: base });

  it('runs the chosen checks in the worktree and records each result', async () => {
    const events: ChecksEvent[] = [];
    const records = await service((e) => events.push(e)).runChecks(run(), ['port', 'fails']);
    expect(records.map((r) => [r.name, r.status, r.exitCode])).toEqual([['port', 'passed', 0], ['fails', 'failed', 4]]);
    expect(records[0]?.output).toContain('port 20000');
    expect(new ChecksRepo(db).latestByRun(runId)).toEqual(records);
    expect(events.map((e) => e.type === 'output' ? 'output' : `${e.type}:${e.record.name}`).filter((t, i, all) => t !== 'output' || all[i - 1] !== 'output')).toEqual([
      'started:port', 'output', 'finished:port', 'started:fails', 'output', 'finished:fails',
    ]);
  });

  it('refuses a second batch while one runs, and cancels on request', async () => {
    let slowStarted!: () => void;
    const started = new Promise<void>((resolve) => (slowStarted = resolve));
    const watched = service((e) => {
      if (e.type === 'started' && e.record.name === 'slow') slowStarted();
    });
    // Checks run in the config's order, whatever the order of `only`.
    const first = watched.runChecks(run(), ['slow', 'port']);
    await started;
    expect(watched.isRunning(runId)).toBe(true);
    const refused = await watched.runChecks(run()).catch((e: unknown) => e as AppError);
    expect((refused as AppError).code).toBe('INVALID_INPUT');
    watched.cancel(runId);
    const records = await first;
    expect(records.map((r) => [r.name, r.status])).toEqual([['port', 'passed'], ['slow', 'cancelled']]);
    expect(watched.isRunning(runId)).toBe(false);
  });

  it('names an unknown check', async () => {
    const err = await service().runChecks(run(), ['nope']).catch((e: unknown) => e as AppError);
    expect((err as AppError).message).toBe("This repository's .switchyard.json has no check named nope.");
  });
});
