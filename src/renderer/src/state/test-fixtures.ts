// Builders for contract objects in renderer tests.
import type { Run, Thread } from '../../../shared/contract';

export function makeRun(over: Partial<Omit<Run, 'id' | 'threadId' | 'profileId'>> & { id: string; threadId?: string }): Run {
  const { id, threadId = 'thread-0001', ...rest } = over;
  return {
    id: id as Run['id'],
    threadId: threadId as Run['threadId'],
    profileId: 'shell' as Run['profileId'],
    profileName: 'Shell',
    index: 1,
    branch: `switchyard/${id}`,
    worktreePath: `/tmp/wt/${id}`,
    status: 'starting',
    exitCode: null,
    failure: null,
    stoppedByUser: false,
    archivedAt: null,
    activity: null,
    usage: null,
    createdAt: 1000,
    startedAt: null,
    endedAt: null,
    diff: null,
    ...rest,
  };
}

export function makeThread(over: Partial<Omit<Thread, 'id' | 'repoId'>> & { id: string; repoId?: string }): Thread {
  const { id, repoId = 'repo-0001', ...rest } = over;
  return {
    id: id as Thread['id'],
    repoId: repoId as Thread['repoId'],
    repoPath: '/repo',
    prompt: 'Fix the bug',
    title: 'Fix the bug',
    baseBranch: 'main',
    baseCommit: '0123456789abcdef0123456789abcdef01234567',
    createdAt: 1000,
    ...rest,
  };
}
