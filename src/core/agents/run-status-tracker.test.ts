// Stand-in CLIs in real PTYs emit each status source (OSC 7501 after answering its query, hook calls through
// the real relay and bridge, terminal notifications, silence, exit codes, a kill) and the tracker must follow.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PtyHost, type PtySession } from '../terminals/pty-host';
import { testChildEnv, within } from '../terminals/pty-test-support';
import { HookBridge, hookCommandPrefix, hookSocketPath, writeHookRelay } from './hook-bridge';
import { CLAUDE } from './hook-payload-fixtures';
import type { RunStatus, RunStatusKind } from './status-machine';
import { RunStatusTracker } from './run-status-tracker';

/** Shared helpers for the stand-ins: OSC writers, a relay call, and waiting for the query reply. */
const STAND_IN_PRELUDE = `
const { spawnSync } = require('node:child_process');
const osc = (body) => process.stdout.write('\\x1b]' + body + '\\x1b\\\\');
const relay = JSON.parse(process.env.RELAY || '[]');
const hook = (event, payload) => spawnSync(relay[0], [...relay.slice(1), 'claude', 'stdin', event], { input: JSON.stringify(payload) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const awaitQueryReply = () => new Promise((resolve) => {
  process.stdin.setRawMode(true);
  let seen = '';
  process.stdin.on('data', (d) => { seen += d.toString('latin1'); if (seen.includes('\\x1b]7501;?\\x1b\\\\')) { process.stdin.pause(); resolve(); } });
});
`;

const SCENARIOS = {
  /** Claude-like: asks whether the terminal speaks OSC 7501, reports working, a hook says done, exits 0. */
  claudeLike: `(async () => {
    osc('7501;?');
    await awaitQueryReply();
    osc('7501;state=working:app=stand-in');
    await sleep(150);
    hook('Stop', ${JSON.stringify(CLAUDE.Stop)});
    await sleep(150);
    process.exit(0);
  })();`,
  /** Reports working, then dies by SIGKILL in the middle of its turn. */
  diesWhileWorking: `(async () => {
    osc('7501;state=working:app=stand-in');
    await sleep(150);
    process.kill(process.pid, 'SIGKILL');
  })();`,
  /** A permission hook, then the user is gone: needs-input until it exits with an error code. */
  needsInputThenFails: `(async () => {
    hook('UserPromptSubmit', ${JSON.stringify(CLAUDE.UserPromptSubmit)});
    await sleep(100);
    hook('PermissionRequest', ${JSON.stringify(CLAUDE.PermissionRequest)});
    await sleep(150);
    process.exit(3);
  })();`,
  /** No structured status at all: talks, goes quiet, talks again, exits. */
  silent: `(async () => {
    console.log('thinking...');
    await sleep(900);
    console.log('more output');
    await sleep(150);
    process.exit(0);
  })();`,
  /** Only a terminal notification (OSC 9), as a CLI without hooks might send. */
  notifies: `(async () => {
    process.stdout.write('\\x1b]9;Approve rm -rf build?\\x07');
    await sleep(150);
    process.exit(0);
  })();`,
  /** Works until stopped. */
  worksForever: `(async () => {
    osc('7501;state=working:app=stand-in');
    setInterval(() => process.stdout.write('.'), 50);
  })();`,
} as const;

describe('RunStatusTracker with stand-in CLIs in real PTYs', () => {
  let host: PtyHost;
  let dir: string;
  let bridge: HookBridge;
  let script: string;

  beforeEach(async () => {
    host = new PtyHost({ stopGraceMs: 500 });
    dir = await mkdtemp(path.join(tmpdir(), 'switchyard-tracker-'));
    script = await writeHookRelay(path.join(dir, 'data'));
    bridge = new HookBridge({ socketPath: hookSocketPath(path.join(dir, 'data')) });
    await bridge.listen();
  });

  afterEach(async () => {
    await host.disposeAll();
    await bridge.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function start(scenario: keyof typeof SCENARIOS, quietMs = 0) {
    const runId = `run-${scenario}`;
    const file = path.join(dir, `${scenario}.cjs`);
    await writeFile(file, STAND_IN_PRELUDE + SCENARIOS[scenario]);
    const statuses: RunStatus[] = [];
    let session: PtySession | null = null;
    const tracker = new RunStatusTracker({
      quietMs,
      answerProgramStatusQuery: true,
      write: (data) => session?.write(data),
      onChange: (s) => statuses.push(s),
    });
    bridge.register(runId, { cli: 'claude' });
    bridge.onEvent((e) => e.runId === runId && e.signal && tracker.signal(e.signal));
    const relay = hookCommandPrefix({ node: process.execPath, script }, bridge.socketPath, runId);
    session = await host.spawn({ file: process.execPath, args: [file], cwd: dir, env: { ...testChildEnv(), RELAY: JSON.stringify(relay) }, cols: 100, rows: 30 });
    session.onData((d) => tracker.output(d));
    const exited = new Promise<void>((resolve) =>
      session!.onExit((e) => {
        tracker.exit(e.exitCode, e.signal);
        bridge.unregister(runId);
        tracker.dispose();
        resolve();
      }),
    );
    return { tracker, statuses, session, exited, kinds: () => statuses.map((s) => (s.guess ? `${s.kind}?` : s.kind) as RunStatusKind | string) };
  }

  it('answers the OSC 7501 query, then follows OSC working, the Stop hook and the exit', async () => {
    const run = await start('claudeLike');
    await within(run.exited, 15_000, 'exit');
    expect(run.kinds()).toEqual(['working', 'done', 'exited']);
    expect(run.statuses[0]).toMatchObject({ source: 'osc' });
    expect(run.statuses[1]).toMatchObject({ source: 'hook', detail: 'All done.' });
    expect(run.tracker.status).toMatchObject({ kind: 'exited', exitCode: 0 });
  });

  it('a process killed while working ends exited (137), never working', async () => {
    const run = await start('diesWhileWorking');
    await within(run.exited, 15_000, 'exit');
    expect(run.kinds()).toEqual(['working', 'exited']);
    expect(run.tracker.status).toMatchObject({ kind: 'exited', exitCode: 137 });
  });

  it('hooks move it to working and needs-input; a failing exit ends it', async () => {
    const run = await start('needsInputThenFails');
    await within(run.exited, 15_000, 'exit');
    // Wait for relays still in flight when the process ended: they must not revive it.
    await new Promise((r) => setTimeout(r, 300));
    expect(run.kinds()).toEqual(['working', 'needs-input', 'exited']);
    expect(run.statuses[1]).toMatchObject({ detail: 'Permission requested: Bash' });
    expect(run.tracker.status).toMatchObject({ kind: 'exited', exitCode: 3 });
  });

  it('with nothing structured, silence is a guess and output is a guess', async () => {
    const run = await start('silent', 400);
    await within(run.exited, 15_000, 'exit');
    expect(run.kinds()).toEqual(['needs-input?', 'working?', 'exited']);
    expect(run.statuses[0]).toMatchObject({ source: 'heuristic', guess: true });
  });

  it('a terminal notification alone means the run wants the user', async () => {
    const run = await start('notifies');
    await within(run.exited, 15_000, 'exit');
    expect(run.kinds()).toEqual(['needs-input', 'exited']);
    expect(run.statuses[0]).toMatchObject({ source: 'osc', detail: 'Approve rm -rf build?' });
  });

  it('a run the user stops ends interrupted', async () => {
    const run = await start('worksForever', 200);
    await within(
      new Promise<void>((resolve) => {
        const t = setInterval(() => run.tracker.status.kind === 'working' && (clearInterval(t), resolve()), 20);
      }),
      10_000,
      'working',
    );
    run.tracker.stopRequested();
    await run.session.stop();
    await within(run.exited, 15_000, 'exit');
    expect(run.kinds()).toEqual(['working', 'interrupted']);
  });
});
