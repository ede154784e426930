import { describe, expect, it } from 'vitest';
import { resetThreads, setThreads, upsertThread } from './threads-slice';
import { makeThread } from './test-fixtures';

describe('threads slice', () => {
  const repoId = 'repo-0001';

  it('lists threads newest first', () => {
    let s = resetThreads(repoId);
    s = setThreads(s, repoId, [makeThread({ id: 'thread-old1', createdAt: 1 }), makeThread({ id: 'thread-new1', createdAt: 3 })]);
    s = upsertThread(s, makeThread({ id: 'thread-mid1', createdAt: 2 }));
    expect(s.threads.map((t) => t.id)).toEqual(['thread-new1', 'thread-mid1', 'thread-old1']);
    expect(s.threadsLoaded).toBe(true);
  });

  it('ignores threads of another repository', () => {
    const s = resetThreads(repoId);
    expect(upsertThread(s, makeThread({ id: 'thread-othr', repoId: 'repo-0002' }))).toBe(s);
    expect(setThreads(s, 'repo-0002', [makeThread({ id: 'thread-othr', repoId: 'repo-0002' })])).toBe(s);
  });

  it('replaces a thread it already has instead of listing it twice', () => {
    let s = upsertThread(resetThreads(repoId), makeThread({ id: 'thread-0001', title: 'a' }));
    s = upsertThread(s, makeThread({ id: 'thread-0001', title: 'b' }));
    expect(s.threads.map((t) => t.title)).toEqual(['b']);
  });

  it('keeps a thread an event added while threads.list was in flight', () => {
    let s = upsertThread(resetThreads(repoId), makeThread({ id: 'thread-live', createdAt: 9 }));
    s = setThreads(s, repoId, [makeThread({ id: 'thread-0001', createdAt: 1 })]);
    expect(s.threads.map((t) => t.id)).toEqual(['thread-live', 'thread-0001']);
  });
});
