// The `ack` frame (flow-control credits for several runs, shared/protocol.ts AckFrame) skips the
// contract, so the core checks it on its own. Every mutant of a valid frame, generated from its schema
// as the contract fuzz does (security-fuzz-inputs.ts), goes over the real WebSocket to a real core
// while a run floods and this peer holds it paused. A refused frame must be ignored whole: no answer,
// no credit (the run stays held: no frame arrives, not even a resync replay), no crash logged, the
// connection carries on; then a valid frame releases the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AckFrame } from '../../src/shared/protocol';
import { waitForRuns } from '../helpers/core-harness';
import { makeTempRepo, type TempDir } from '../helpers/git-fixtures';
import { mutantsOfValue } from './security-fuzz-inputs';
import { connectRaw, startServedCore, type RawPeer, type ServedCore } from './security-support';

/** Credit each mutant claims: ten times the most a run's stream may hold, so an accepted one would release it. */
const CLAIMED_CHARS = 1_000_000;
/** How long frames must stop arriving for the stream to count as held, in ms (output floods every few ms). */
const QUIET_MS = 1_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ptyFrames = (peer: RawPeer) => peer.frames.filter((f) => f.t === 'pty').length;

describe('ack frames: every malformed one ignored, a valid one honoured', () => {
  let served: ServedCore;
  let repo: TempDir;
  let peer: RawPeer;
  let runId: string;

  beforeAll(async () => {
    served = await startServedCore();
    repo = await makeTempRepo();
    const { client } = served;
    const opened = await client.call('repos.open', { path: repo.path });
    const profile = await client.call('profiles.saveCommand', { name: 'Flood', commandLine: 'yes flooding-the-terminal' });
    const created = await client.call('threads.create', { repoId: opened.id, prompt: 'flood', baseBranch: 'main', agents: [{ profileId: profile.id, count: 1 }] });
    runId = created.runs[0]!.id;
    await waitForRuns(client, created.thread.id, (r) => r.status === 'running');
    peer = await connectRaw(served.server);
    expect((await peer.request('runs.attach', JSON.stringify({ runId }))).ok).toBe(true);
  }, 60_000);

  afterAll(async () => {
    peer?.close();
    if (runId) await served?.client.call('runs.stop', { runId }).catch(() => {});
    await served?.cleanup();
    await repo?.cleanup();
  });

  /** Waits until no pty frame has arrived for QUIET_MS: this peer's credit is used up and the run is held for it. */
  async function held(): Promise<number> {
    const deadline = Date.now() + 30_000;
    let count = ptyFrames(peer);
    for (;;) {
      await sleep(QUIET_MS);
      const now = ptyFrames(peer);
      if (now === count && now > 0) return now;
      if (Date.now() > deadline) throw new Error(`pty frames kept arriving (${now}) without acknowledgements`);
      count = now;
    }
  }

  it('refuses every mutant of a valid frame in its schema, and the core grants none of them credit', async () => {
    const mutants = mutantsOfValue(AckFrame, { t: 'ack', credits: [[runId, CLAIMED_CHARS]] });
    expect(mutants.length).toBeGreaterThan(40);
    expect(mutants.filter((m) => m.accepted).map((m) => m.label)).toEqual([]);
    const extra = [
      ['the one-run shape of old', JSON.stringify({ t: 'ack', runId, chars: CLAIMED_CHARS })],
      ['a valid credit beside a negative one', JSON.stringify({ t: 'ack', credits: [[runId, CLAIMED_CHARS], [runId, -1]] })],
    ];

    const before = await held();
    const framesBefore = peer.frames.length;
    for (const { json } of mutants) peer.ws.send(json);
    for (const [, json] of extra) peer.ws.send(json!);
    // Frames of one connection are handled in order: once this is answered, every ack above was read.
    expect((await peer.request('app.info', '{}')).ok).toBe(true);
    await sleep(QUIET_MS); // a credit granted would have released output by now (batches flush within 16 ms)
    expect(ptyFrames(peer)).toBe(before);
    expect(peer.frames.slice(framesBefore).filter((f) => f.t === 'res')).toHaveLength(1); // app.info's: no ack is answered
    expect(served.logs).toEqual([]);
  });

  it('honours a valid frame carrying several runs, unknown ones included', async () => {
    const before = await held();
    peer.ws.send(JSON.stringify({ t: 'ack', credits: [['zzzzzzzzzzzz', 5], [runId, CLAIMED_CHARS]] }));
    const deadline = Date.now() + 20_000;
    // Released: live frames again, or (if the core had set this quiet peer aside) a fresh replay.
    while (ptyFrames(peer) === before) {
      if (Date.now() > deadline) throw new Error('a valid ack released nothing');
      await sleep(50);
    }
    expect(served.logs).toEqual([]);
  });
});
