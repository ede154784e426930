// The merge recorder's fault-injection seam: each point fires exactly where its name says (the
// hardening suite SIGKILLs a child process there; here a throwing hook stands in for the crash).
import { describe, expect, it } from 'vitest';
import type { FaultPoint } from '../faults';
import { git, revParse, useCleanup } from '../lifecycle/lifecycle-test-support';
import { recordedMerge, settlePendingMerges } from './merge-recorder';
import { useRecorderSetup } from './merge-test-support';

const track = useCleanup();
const recorderSetup = useRecorderSetup(track);

async function setup() {
  const { fx, merges, req } = await recorderSetup({ baseCheckedOut: false });
  return { fx, merges, req: req('merge-fault1') };
}

/** A hook that records every point and throws at `at`, as a crash there would stop everything after it. */
function crashAt(at: FaultPoint) {
  const seen: FaultPoint[] = [];
  const hook = (point: FaultPoint) => {
    seen.push(point);
    if (point === at) throw new Error(`crash at ${point}`);
  };
  return { seen, hook };
}

describe('merge fault points', () => {
  it('calls merge.computed then merge.published on a successful merge, without changing the outcome', async () => {
    const { merges, req } = await setup();
    const seen: FaultPoint[] = [];
    const { result, record } = await recordedMerge(git, merges, req, { onFault: (p) => seen.push(p) });
    expect(result.kind).toBe('merged');
    expect(record?.state).toBe('published');
    expect(seen).toEqual(['merge.computed', 'merge.published']);
  });

  it('merge.computed fires with the pending row written and the base not yet moved', async () => {
    const { fx, merges, req } = await setup();
    const oldTip = await revParse(fx.repo, 'main');
    const { hook } = crashAt('merge.computed');
    await expect(recordedMerge(git, merges, req, { onFault: hook })).rejects.toThrow('crash at merge.computed');
    expect(await revParse(fx.repo, 'main')).toBe(oldTip);
    // In-process the recorder settles the row itself; after a real crash start-up does (same function).
    expect(merges.get(req.mergeId)).toMatchObject({ state: 'failed', oldTip });
  });

  it('merge.published fires with the base moved and the record still pending; start-up settles it as published', async () => {
    const { fx, merges, req } = await setup();
    const { hook } = crashAt('merge.published');
    await expect(recordedMerge(git, merges, req, { onFault: hook })).rejects.toThrow('crash at merge.published');
    const record = merges.get(req.mergeId);
    expect(record?.state).toBe('pending');
    expect(await revParse(fx.repo, 'main')).toBe(record?.newTip);
    expect(await settlePendingMerges(git, merges)).toEqual([{ id: req.mergeId, state: 'published' }]);
  });
});
