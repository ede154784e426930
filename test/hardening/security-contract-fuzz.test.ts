// Every contract call fuzzed through the real path a browser uses: JSON text over the headless server's
// WebSocket, into serveConnection and a real core (SQLite, git, PTYs). The bad inputs are generated from
// the contract itself (security-fuzz-inputs.ts), so a new operation is covered without editing this
// file. After each one: a typed error (INVALID_INPUT for what the contract refuses), a short answer
// (no 10 MB echo), the core still answers a good call, nothing logged as a crash, and no side effect
// (database row counts, the repository's refs and worktrees, the data folder's worktrees unchanged).
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallName } from '../../src/shared/contract';
import { ErrorCode } from '../../src/shared/errors';
import { FAKE_AGENT, isFinished, waitForRuns } from '../helpers/core-harness';
import { makeTempRepo, type TempDir } from '../helpers/git-fixtures';
import { callNames, encode, mutantsOf, type Seeds } from './security-fuzz-inputs';
import { connectRaw, openReadOnlyDb, settledSnapshot, snapshotWorld, startServedCore, type RawPeer, type ServedCore, type WorldSnapshot } from './security-support';

/** Mutants the contract accepts on purpose: a terminal's input may hold NUL (Ctrl-@ sends it). */
const ACCEPTED_BY_DESIGN = new Set(['runs.write data: a NUL byte inside', 'runs.write data: only a NUL byte']);
/** Longest answer to a bad call, in bytes: the error names the problem, it never echoes the input. */
const MAX_ERROR_BYTES = 2_000;

describe('every contract call, fuzzed over the WebSocket against a real core', () => {
  let served: ServedCore;
  let repo: TempDir;
  let peer: RawPeer;
  let db: Database.Database;
  let seeds: Seeds;
  let baseline: WorldSnapshot;

  beforeAll(async () => {
    served = await startServedCore();
    repo = await makeTempRepo({ files: { 'README.md': '# fuzz\n', 'src/a.txt': 'a\n' } });
    const { client } = served;
    const opened = await client.call('repos.open', { path: repo.path });
    const profile = await client.call('profiles.saveCommand', { name: 'Fake', commandLine: `node "${FAKE_AGENT}" --lines 2 --delay 1 {prompt}` });
    const created = await client.call('threads.create', { repoId: opened.id, prompt: 'fuzz me', baseBranch: 'main', agents: [{ profileId: profile.id, count: 2 }] });
    const runs = await waitForRuns(client, created.thread.id, (r) => isFinished(r) && r.diff !== null, 60_000);
    const [runA, runB] = runs.map((r): string => r.id);
    // Real ids everywhere, so a missing check would reach a handler that acts on real things.
    seeds = {
      '*': {
        repoId: opened.id, threadId: created.thread.id, runId: runA, runA, runB, fromRunId: runB, runIds: [runA, runB],
        profileId: profile.id, id: profile.id, path: 'README.md', oldPath: 'README.md', mergeId: 'aaaaaaaaaaaa', callId: 'call-1',
        apiKeyEnv: 'OPENAI_API_KEY', baseUrl: 'http://127.0.0.1:9/v1',
      },
      'repos.open': { path: repo.path },
    };
    peer = await connectRaw(served.server);
    db = await openReadOnlyDb(served.dataDir);
    baseline = await settledSnapshot(db, repo.path, served.dataDir);
  }, 120_000);

  afterAll(async () => {
    peer?.close();
    db?.close();
    await served?.cleanup();
    await repo?.cleanup();
  });

  it('builds a valid input for every call from its schema (so every call is fuzzed)', () => {
    for (const name of callNames()) expect(mutantsOf(name, seeds).length, name).toBeGreaterThan(5);
  });

  it('answers every bad input with a typed error and changes nothing', async () => {
    const failures: string[] = [];
    const perCall: Record<string, number> = {};
    let tried = 0;
    let refused = 0;
    for (const name of callNames()) {
      for (const mutant of mutantsOf(name, seeds)) {
        const { json, accepted } = encode(mutant);
        const what = `${name} ${mutant.label}`;
        if (accepted && !ACCEPTED_BY_DESIGN.has(what)) failures.push(`${what}: the contract accepts it`);
        const res = await peer.request(name, json);
        tried++;
        perCall[name] = (perCall[name] ?? 0) + 1;
        if (res.ok) {
          if (!accepted) failures.push(`${what}: answered ok`);
        } else {
          if (!ErrorCode.safeParse(res.error.code).success || res.error.code === 'INTERNAL') failures.push(`${what}: untyped error ${res.error.code} ${res.error.message}`);
          if (!accepted && res.error.code !== 'INVALID_INPUT') failures.push(`${what}: ${res.error.code} instead of INVALID_INPUT`);
          if (res.error.code === 'INVALID_INPUT') refused++;
        }
        if (res.bytes > MAX_ERROR_BYTES) failures.push(`${what}: a ${res.bytes}-byte answer`);
        const good = await peer.request('threads.list', '{}');
        if (!good.ok) failures.push(`${what}: the next good call failed (${good.error.code})`);
        const after = await snapshotWorld(db, repo.path, served.dataDir);
        if (JSON.stringify(after) !== JSON.stringify(baseline)) {
          failures.push(`${what}: changed ${JSON.stringify(after)} (was ${JSON.stringify(baseline)})`);
          baseline = after; // report each change once
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted, 'Object.prototype polluted').toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(served.logs, 'the core logged a crash').toEqual([]);
    console.log(`contract fuzz: ${tried} bad inputs over ${Object.keys(perCall).length} calls, ${refused} refused with INVALID_INPUT, ${tried - refused} accepted by design and answered with a typed error`);
    expect(failures).toEqual([]);
    expect(Object.keys(perCall).sort()).toEqual([...callNames()].sort() as CallName[]);
  }, 600_000);
});
