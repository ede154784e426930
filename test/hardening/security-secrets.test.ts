// Secrets stay in the app's own process. The app runs with OPENAI_API_KEY, AWS_SECRET_ACCESS_KEY,
// GITHUB_TOKEN and a proxy URL with a password in its environment; every kind of child records the
// environment it got: a command profile run, a shell profile run, an agent CLI run (which gets its own
// key, OPENAI_API_KEY, and nothing else) and the CLI's --version probe, setup and check commands from
// .switchyard.json, the built-in agent's tool commands (their output goes to the model, so the model
// server sees what they saw), and every git the app runs (a `git` wrapper first on the app's PATH).
// Then the data folder is searched for the secrets, and a key saved in settings must not be found in
// plain text in the data folder or the database.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChildEnv } from '../../src/core/agents/child-env';
import { buildGitEnv } from '../../src/core/git/git-env';
import { gitCommandEnv } from '../../src/core/git/git-runner';
import type { Run } from '../../src/shared/contract';
import { startScriptedModelServer, type ScriptedModelServer } from '../fixtures/scripted-model-server';
import { writeExecutable } from '../helpers/agent-path';
import { isFinished, startCore, waitForRuns, type CoreHarness } from '../helpers/core-harness';
import { makeTempDir, makeTempRepo, type TempDir } from '../helpers/git-fixtures';

const SECRETS = {
  OPENAI_API_KEY: `sk-openai-${randomUUID()}`,
  AWS_SECRET_ACCESS_KEY: `aws-${randomUUID()}`,
  GITHUB_TOKEN: `ghp_${randomUUID().replaceAll('-', '')}`,
  HTTPS_PROXY: `http://user:proxy-pw-${randomUUID()}@proxy.invalid:1`,
  NPM_CONFIG__AUTH: `npm-${randomUUID()}`,
} as const;
const proxyPassword = SECRETS.HTTPS_PROXY.slice(SECRETS.HTTPS_PROXY.indexOf('proxy-pw-'), SECRETS.HTTPS_PROXY.indexOf('@'));
/** Secret values no child may ever see. The CLI's own key is checked separately. */
const NEVER = [SECRETS.AWS_SECRET_ACCESS_KEY, SECRETS.GITHUB_TOKEN, proxyPassword, SECRETS.NPM_CONFIG__AUTH];

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile() && (await stat(full)).size < 256 * 1024 * 1024) out.push(full);
  }
  return out;
}

describe('environment builders', () => {
  /** What git keeps of the parent's environment. */
  const keptForGit = {
    PATH: '/usr/bin:/bin',
    HOME: '/home/u',
    LANG: 'en_US.UTF-8',
    LC_CTYPE: 'en_US.UTF-8',
    TMPDIR: '/tmp',
    SSH_AUTH_SOCK: '/run/ssh.sock',
    GIT_CONFIG_GLOBAL: '/home/u/.gitconfig-work',
    GIT_AUTHOR_NAME: 'Ada',
  };
  const base: NodeJS.ProcessEnv = {
    ...SECRETS,
    ...keptForGit,
    GIT_DIR: '/elsewhere/.git',
    GIT_WORK_TREE: '/elsewhere',
    GIT_INDEX_FILE: '/elsewhere/index',
    GIT_ASKPASS: '/usr/bin/askpass',
    GIT_TOKEN: 'git-token-value',
    NODE_OPTIONS: '--require /tmp/evil.js',
    ELECTRON_RUN_AS_NODE: '1',
    ANTHROPIC_API_KEY: 'sk-ant',
    DATABASE_PASSWORD: 'pw',
  };

  it('git gets what git needs and none of the secrets', () => {
    const env = gitCommandEnv(base, { readOnly: true, env: { GIT_INDEX_FILE: '/tmp/compose-index' } });
    expect(env).toEqual({
      ...keptForGit,
      // The command's own variable, not the inherited one.
      GIT_INDEX_FILE: '/tmp/compose-index',
      GIT_TERMINAL_PROMPT: '0',
      LC_ALL: 'C',
      GIT_OPTIONAL_LOCKS: '0',
    });
    expect(buildGitEnv({ ...base, GITHUB_TOKEN: 'x' }).GITHUB_TOKEN).toBeUndefined();
  });

  it('agent children get the allowlist plus only what a run adds', () => {
    const env = buildChildEnv(base, { SWITCHYARD_RUN_ID: 'r1' });
    for (const name of [...Object.keys(SECRETS), 'GIT_DIR', 'GIT_ASKPASS', 'GIT_TOKEN', 'NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'ANTHROPIC_API_KEY', 'DATABASE_PASSWORD', 'SSH_AUTH_SOCK', 'GIT_CONFIG_GLOBAL']) {
      expect(env[name], name).toBeUndefined();
    }
    expect(env).toMatchObject({ PATH: '/usr/bin:/bin', HOME: '/home/u', SWITCHYARD_RUN_ID: 'r1' });
  });
});

describe('what every child of a real core sees', () => {
  let bin: TempDir;
  let logs: TempDir;
  let repo: TempDir;
  let model: ScriptedModelServer;
  let h: CoreHarness;
  let runs: Run[];
  let sandboxed = false;

  const dumpsOf = async (prefix: string): Promise<Array<{ file: string; text: string }>> => {
    const names = (await readdir(logs.path)).filter((n) => n.startsWith(prefix)).sort();
    return Promise.all(names.map(async (n) => ({ file: n, text: await readFile(join(logs.path, n), 'utf8') })));
  };
  const leaksIn = (text: string, secrets: readonly string[]): string[] => secrets.filter((s) => text.includes(s));

  beforeAll(async () => {
    bin = await makeTempDir('switchyard-sec-bin-');
    logs = await makeTempDir('switchyard-sec-logs-');
    const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const dump = join(bin.path, 'dump-env.mjs');
    await writeFile(
      dump,
      `import { writeFileSync } from 'node:fs';
const [label, touch] = process.argv.slice(2);
writeFileSync(${JSON.stringify(logs.path)} + '/' + label + '-' + process.pid + '-' + Date.now() + '.json', JSON.stringify(process.env));
if (touch) writeFileSync('touched-by-' + label + '.txt', 'touched\\n');
process.stdout.write(label + ' dumped its environment\\r\\n');
`,
    );
    const script = (name: string, text: string) => writeExecutable(bin.path, name, text);
    // Every git the app runs goes through here first: its environment is recorded, then real git runs.
    await script('git', `#!/bin/sh\nenv > "${logs.path}/git-$$-$(date +%s%N).env"\nexec "${realGit}" "$@"\n`);
    const stand = (labelCode: string) =>
      `#!/usr/bin/env node\nconst label = ${labelCode};\nif (label === 'codex-version') console.log('codex-cli 9.9.9');\n` +
      `process.argv.splice(2, process.argv.length, label);\nimport(${JSON.stringify(dump)});\n`;
    await script('codex', stand(`process.argv.includes('--version') ? 'codex-version' : 'codex-run'`));
    await script('fake-shell', stand(`'shell'`));
    repo = await makeTempRepo({
      files: {
        'README.md': '# secrets\n',
        '.switchyard.json': JSON.stringify({ setup: [`node "${dump}" setup`], checks: { env: `node "${dump}" check` } }),
      },
    });
    model = await startScriptedModelServer({ script: [], requireKey: SECRETS.OPENAI_API_KEY });
    h = await startCore({ env: { ...process.env, ...SECRETS, PATH: `${bin.path}:${process.env.PATH ?? ''}`, SHELL: join(bin.path, 'fake-shell') } });
  }, 60_000);

  afterAll(async () => {
    await h?.cleanup();
    await model?.close();
    await repo?.cleanup();
    await bin?.cleanup();
    await logs?.cleanup();
  });

  it('runs a command, a shell, an agent CLI and the built-in agent with setup and checks, then merges, composes, archives and deletes', async () => {
    const { client } = h;
    const opened = await client.call('repos.open', { path: repo.path });
    const detected = await client.call('profiles.detectClis', { force: true });
    expect(detected.find((c) => c.id === 'codex')).toMatchObject({ available: true });
    const command = await client.call('profiles.saveCommand', { name: 'Dump', commandLine: `node "${join(bin.path, 'dump-env.mjs')}" command touch` });
    const codex = (await client.call('profiles.list', {})).find((p) => p.cliId === 'codex')!;
    sandboxed = (await client.call('app.info', {})).sandbox.available;
    if (!sandboxed) console.log('note: bubblewrap is not available here; the built-in agent\'s commands run without the sandbox');
    const builtin = await client.call('profiles.saveBuiltin', {
      name: 'Scripted', baseUrl: model.baseURL, model: 'm', api: 'chat', approval: 'auto', sandbox: sandboxed, network: false, apiKeyEnv: 'OPENAI_API_KEY',
    });
    model.push(
      { kind: 'reply', toolCalls: [{ name: 'run_command', arguments: { command: 'env; echo ENV-DONE' } }] },
      { kind: 'reply', toolCalls: [{ name: 'apply_patch', arguments: { patch: '--- /dev/null\n+++ b/patched.txt\n@@ -0,0 +1 @@\n+patched\n' } }] },
      { kind: 'reply', toolCalls: [{ name: 'search_files', arguments: { pattern: 'patched' } }] },
      { kind: 'reply', text: 'done' },
    );
    const created = await client.call('threads.create', {
      repoId: opened.id,
      prompt: 'show me your environment',
      baseBranch: 'main',
      agents: [
        { profileId: command.id, count: 1 },
        { profileId: 'shell' as never, count: 1 },
        { profileId: codex.id, count: 1 },
        { profileId: builtin.id, count: 1 },
      ],
    });
    runs = await waitForRuns(client, created.thread.id, (r) => isFinished(r) && r.diff !== null, 90_000);
    for (const run of runs) expect([run.profileName, run.status, run.failure]).toEqual([run.profileName, 'exited', null]);
    // Checks run when each run finishes; wait for all four to have a result.
    const deadline = Date.now() + 60_000;
    for (const run of runs) {
      while (!(await client.call('checks.list', { runId: run.id })).some((c) => c.status !== 'running')) {
        if (Date.now() > deadline) throw new Error(`no check result for run ${run.index}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    // Git plumbing of every kind: merge (backup, commit of the work, merge), compose, archive, delete.
    const [cmdRun, shellRun, codexRun, builtinRun] = runs as [Run, Run, Run, Run];
    expect((await client.call('merge.run', { runId: cmdRun.id, mode: 'merge', message: 'merge the dump' })).kind).toBe('merged');
    await client.call('threads.compose', { threadId: created.thread.id, picks: [{ path: 'patched.txt', fromRunId: builtinRun.id }] });
    await client.call('runs.archive', { runId: codexRun.id });
    await client.call('runs.delete', { runId: shellRun.id, confirm: true });
  }, 180_000);

  it('no agent, shell, setup or check command saw a secret; the agent CLI saw its own key only', async () => {
    const expected: Array<[string, number]> = [['command-', 1], ['shell-', 1], ['codex-run-', 1], ['codex-version-', 1], ['setup-', 4], ['check-', 4]];
    for (const [prefix, count] of expected) {
      const dumps = await dumpsOf(prefix);
      expect(dumps.length, `${prefix} dumps`).toBeGreaterThanOrEqual(count);
      for (const { file, text } of dumps) {
        const env = JSON.parse(text) as Record<string, string>;
        expect(leaksIn(text, NEVER), file).toEqual([]);
        expect(env.HTTPS_PROXY, file).toBeUndefined();
        if (prefix === 'codex-run-') expect(env.OPENAI_API_KEY, file).toBe(SECRETS.OPENAI_API_KEY);
        else expect(text.includes(SECRETS.OPENAI_API_KEY), `${file} holds the OpenAI key`).toBe(false);
      }
    }
  });

  it('the built-in agent\'s commands saw no secret (their output went to the model, which saw none either)', () => {
    const afterCommand = model.requests.find((r) => JSON.stringify(r.body).includes('ENV-DONE'));
    expect(afterCommand, 'the model got the command output').toBeDefined();
    const body = JSON.stringify(afterCommand!.body);
    expect(body).toContain('PATH=');
    expect(leaksIn(body, [...NEVER, SECRETS.OPENAI_API_KEY])).toEqual([]);
    // The key travelled only as the request's own Authorization header.
    expect(model.requests.every((r) => r.authorization === `Bearer ${SECRETS.OPENAI_API_KEY}`)).toBe(true);
    for (const r of model.requests) expect(leaksIn(JSON.stringify(r.body), [SECRETS.OPENAI_API_KEY])).toEqual([]);
  });

  it('no git the app ran saw a secret, and each ran with a fixed locale and no prompt', async () => {
    const dumps = await dumpsOf('git-');
    console.log(`git invocations observed through the wrapper: ${dumps.length}`);
    expect(dumps.length).toBeGreaterThan(20);
    for (const { file, text } of dumps) {
      expect(leaksIn(text, [...NEVER, SECRETS.OPENAI_API_KEY]), file).toEqual([]);
      expect(text, file).not.toMatch(/^(HTTPS_PROXY|NODE_OPTIONS|GITHUB_TOKEN|AWS_SECRET_ACCESS_KEY|OPENAI_API_KEY)=/m);
    }
    const fromApp = dumps.filter((d) => /^GIT_TERMINAL_PROMPT=0$/m.test(d.text));
    expect(fromApp.length, 'git started by the app itself').toBeGreaterThan(20);
    for (const { file, text } of fromApp) expect(text, file).toMatch(/^LC_ALL=C$/m);
  });

  it('nothing in the data folder holds a secret from the environment', async () => {
    await h.stop();
    for (const file of await filesUnder(h.dataDir)) {
      const bytes = await readFile(file);
      for (const secret of [...NEVER, SECRETS.OPENAI_API_KEY]) expect(bytes.includes(secret), `${file} holds a secret`).toBe(false);
    }
  });
});

describe('a key saved in settings', () => {
  const KEY = `sk-saved-${randomUUID()}`;
  /** Stand-in keychain: the point is that only its output reaches the disk. */
  const keychain = {
    encrypt: (plain: string) => Buffer.from(`sealed:${[...plain].reverse().join('')}`).toString('base64'),
    decrypt: (stored: string) => [...Buffer.from(stored, 'base64').toString().slice('sealed:'.length)].reverse().join(''),
  };

  it('is not found in plain text (nor base64 or hex of it) anywhere in the data folder or database, and no call returns it', async () => {
    const h = await startCore({ platform: { shell: 'desktop', secrets: keychain } });
    try {
      const saved = await h.client.call('profiles.saveBuiltin', {
        name: 'Keyed', baseUrl: 'http://127.0.0.1:9/v1', model: 'm', api: 'chat', approval: 'auto', sandbox: false, network: false, apiKeyEnv: 'UNUSED_KEY_VAR', apiKey: KEY,
      });
      expect(saved.builtin).toMatchObject({ hasApiKey: true, keyStored: true });
      const answers = JSON.stringify([
        saved,
        await h.client.call('profiles.list', {}),
        await h.client.call('app.info', {}),
        await h.client.call('profiles.testConnection', { id: saved.id }),
      ]);
      expect(answers).not.toContain(KEY);
      await h.stop();
      const forms = [KEY, Buffer.from(KEY).toString('base64'), Buffer.from(KEY).toString('hex'), Buffer.from(KEY, 'utf16le').toString('latin1')];
      const files = await filesUnder(h.dataDir);
      expect(files.some((f) => f.endsWith('switchyard.db'))).toBe(true);
      for (const file of files) {
        const bytes = await readFile(file);
        for (const form of forms) expect(bytes.includes(Buffer.from(form, 'latin1')), `${file} holds the key`).toBe(false);
      }
    } finally {
      await h.cleanup();
    }
  });
});
