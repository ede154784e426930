// Faults: one agent killed with SIGKILL while three stream. The others keep producing output and end
// normally with complete transcripts; the killed one is shown exited with its signal (128 + 9).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { counterText, isCounterPrefix, ticksIn } from './support/expected';
import { useFaultFixtures } from './support/fault-fixtures';
import { storedTranscript, until, withDb } from './support/host-process';

const COUNTER = new URL('./support/counter-agent.mjs', import.meta.url).pathname;
const fx = useFaultFixtures();

describe('killing one agent', () => {
  it('leaves the others streaming; the killed run shows exited 137 (SIGKILL)', async () => {
    const { repo, data, c } = await fx.coreWithRepo();
    const { client } = c;
    const r = await client.call('repos.open', { path: repo.path });
    const profile = await client.call('profiles.saveCommand', { name: 'counter', commandLine: `${process.execPath} ${COUNTER} --delay 20` });
    const created = await client.call('threads.create', { repoId: r.id, prompt: 'kill one', baseBranch: 'main', agents: [{ profileId: profile.id, count: 3 }] });
    const threadId = created.thread.id;
    const runs = () => client.call('threads.get', { threadId }).then((t) => t.runs);
    await until(async () => (await runs()).every((run) => run.status === 'running'), 'all running');
    const ids = (await runs()).map((run) => run.id);
    const victim = ids[0]!;
    const others = ids.slice(1);
    const ticks = (id: string) => withDb(data.path, (db) => ticksIn(storedTranscript(db, id)));
    await until(() => ids.every((id) => ticks(id) >= 10), 'output from every run');

    const pid = withDb(data.path, (db) => (db.prepare('SELECT pid FROM run_processes WHERE run_id = ?').get(victim) as { pid: number }).pid);
    process.kill(pid, 'SIGKILL');
    await until(async () => (await runs()).find((run) => run.id === victim)?.status === 'exited', 'the killed run to be reported');
    const atKill = Object.fromEntries(others.map((id) => [id, ticks(id)]));
    // The others carry on: 25 more ticks each (0.5 s at their pace; generous for a loaded machine).
    await until(() => others.every((id) => ticks(id) >= (atKill[id] ?? 0) + 25), 'the others to keep streaming', 30_000);
    const now = await runs();
    expect(now.find((run) => run.id === victim)).toMatchObject({ status: 'exited', exitCode: 137, stoppedByUser: false });
    expect(now.filter((run) => run.id !== victim).map((run) => run.status)).toEqual(['running', 'running']);

    for (const run of now.filter((x) => x.id !== victim)) await writeFile(join(run.worktreePath, 'STOP'), '');
    await until(async () => (await runs()).every((run) => run.status === 'exited'), 'the others to finish');
    const done = await runs();
    expect(done.filter((run) => run.id !== victim).map((run) => run.exitCode)).toEqual([0, 0]);
    await c.stop(); // flushes every transcript
    withDb(data.path, (db) => {
      for (const id of others) {
        const text = storedTranscript(db, id);
        expect(text.endsWith('END\r\n'), `${id} ended normally`).toBe(true);
        expect(text).toBe(`${counterText(id, ticksIn(text))}END\r\n`); // every tick, in order, none missing
      }
      expect(isCounterPrefix(victim, storedTranscript(db, victim))).toBe(true);
    });
  });
});
