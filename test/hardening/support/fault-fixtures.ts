// Per-test fixtures of the fault and load tests: temp repositories and data folders, cores in this
// process, core-host child processes and stray agent pids. useFaultFixtures() registers the
// afterEach that kills, stops and removes all of them, in that order, after every test.
import { afterEach } from 'vitest';
import type { CoreOptions } from '../../../src/core/create-core';
import { makeTempDir, makeTempRepo, type TempDir } from '../../helpers/git-fixtures';
import type { HostArgs } from './core-host';
import { killQuietly, startCoreOn, startHost, type HostProcess, type InProcessCore } from './host-process';

export interface RepoAndDataOptions {
  /** The repository's first commit. Default: a README.md saying "# hardening". */
  files?: Record<string, string>;
  /** Prefix of the data folder's name. Default 'switchyard-faults-'. */
  dataPrefix?: string;
}

export interface FaultFixtures {
  /** A repository with one commit and an empty data folder. */
  repoAndData(opts?: RepoAndDataOptions): Promise<{ repo: TempDir; data: TempDir }>;
  /** An empty data folder. */
  dataDir(prefix?: string): Promise<TempDir>;
  /** A repository, a data folder and a core in this process on it (the repository not opened yet). */
  coreWithRepo(extra?: Partial<CoreOptions>, opts?: RepoAndDataOptions): Promise<{ repo: TempDir; data: TempDir; c: InProcessCore }>;
  /** A core in this process on `dataDir`, with a client. */
  core(dataDir: string, extra?: Partial<CoreOptions>): Promise<InProcessCore>;
  /** A core host in a child process. */
  host(args: HostArgs): HostProcess;
  /** Agent processes the test leaves behind on purpose, SIGKILLed (quietly) after it. */
  readonly pids: number[];
}

export function useFaultFixtures(): FaultFixtures {
  const temps: TempDir[] = [];
  const hosts: HostProcess[] = [];
  const cores: InProcessCore[] = [];
  const pids: number[] = [];
  afterEach(async () => {
    for (const h of hosts.splice(0)) await h.kill();
    for (const c of cores.splice(0)) await c.stop();
    for (const pid of pids.splice(0)) killQuietly(pid);
    for (const t of temps.splice(0)) await t.cleanup();
  });
  const fixtures: FaultFixtures = {
    pids,
    async repoAndData(opts = {}) {
      const repo = await makeTempRepo({ files: opts.files ?? { 'README.md': '# hardening\n' } });
      temps.push(repo);
      const data = await fixtures.dataDir(opts.dataPrefix);
      return { repo, data };
    },
    async dataDir(prefix = 'switchyard-faults-') {
      const data = await makeTempDir(prefix);
      temps.push(data);
      return data;
    },
    async coreWithRepo(extra = {}, opts = {}) {
      const { repo, data } = await fixtures.repoAndData(opts);
      return { repo, data, c: await fixtures.core(data.path, extra) };
    },
    async core(dataDir, extra = {}) {
      const c = await startCoreOn(dataDir, extra);
      cores.push(c);
      return c;
    },
    host(args) {
      const h = startHost(args);
      hosts.push(h);
      return h;
    },
  };
  return fixtures;
}
