import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { ProfileId } from '../../shared/ids';
import { PtyHost } from '../terminals/pty-host';
import { collect, testChildEnv, within } from '../terminals/pty-test-support';
import { expandTemplate, splitCommandLine } from './command-line';
import { buildLaunch } from './profiles';

describe('splitCommandLine', () => {
  it.each<[string, string[]]>([
    ['codex', ['codex']],
    ['  codex   exec\t--full-auto \n {prompt} ', ['codex', 'exec', '--full-auto', '{prompt}']],
    [`aider --message '{prompt}'`, ['aider', '--message', '{prompt}']],
    [`echo 'it''s'`, ['echo', 'its']],
    [`echo "it's"`, ['echo', "it's"]],
    [`echo 'a "b" \\n $HOME'`, ['echo', 'a "b" \\n $HOME']],
    [`echo "a \\"b\\" \\\\ \\$HOME \\\` \\n"`, ['echo', 'a "b" \\ $HOME ` \\n']],
    [`echo a\\ b c\\"d \\'e`, ['echo', 'a b', 'c"d', "'e"]],
    [`echo a"b c"d'e f'g`, ['echo', 'ab cde fg']],
    [`cmd "" ''`, ['cmd', '', '']],
    [`cmd --msg={prompt} -x`, ['cmd', '--msg={prompt}', '-x']],
    [`a|b c;d && e > f $(g) *.ts ~`, ['a|b', 'c;d', '&&', 'e', '>', 'f', '$(g)', '*.ts', '~']],
    ['echo line\\\ncontinued', ['echo', 'linecontinued']],
    ['"two\\\nlines"', ['twolines']],
    ['trailing\\', ['trailing\\']],
    ['grüße "日本語 🚀" naïve', ['grüße', '日本語 🚀', 'naïve']],
  ])('splits %j', (line, expected) => {
    expect(splitCommandLine(line)).toEqual(expected);
  });

  it.each(['echo "open', "echo 'open", `echo "a'b`, `'`])('rejects the unclosed quote in %j', (line) => {
    expect(() => splitCommandLine(line)).toThrow(new AppError('INVALID_INPUT', 'Unclosed quote in the command.'));
    expect(() => splitCommandLine(line)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it.each(['', '   ', '\t\n'])('rejects the empty command %j', (line) => {
    expect(() => splitCommandLine(line)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});

const HOSTILE_PROMPT = `fix "the" bug's $(rm -rf ~) \`id\` $HOME; echo pwned | cat\nsecond line\tand tab — grüße 日本語 🚀 {prompt}`;

describe('expandTemplate', () => {
  it('replaces {prompt} anywhere in a word and keeps each word one entry', () => {
    expect(expandTemplate(['agent', '--msg={prompt}', '{prompt}', '<{prompt}|{prompt}>', 'plain'], { prompt: 'a b' })).toEqual([
      'agent',
      '--msg=a b',
      'a b',
      '<a b|a b>',
      'plain',
    ]);
  });

  it('inserts a hostile prompt verbatim, without expanding {prompt} inside it or $-patterns', () => {
    const argv = expandTemplate(['x', '{prompt}', '--m={prompt}', "$&$'"], { prompt: HOSTILE_PROMPT });
    expect(argv).toEqual(['x', HOSTILE_PROMPT, `--m=${HOSTILE_PROMPT}`, "$&$'"]);
  });

  it('leaves the template untouched', () => {
    const template = ['a', '{prompt}'];
    expandTemplate(template, { prompt: 'p' });
    expect(template).toEqual(['a', '{prompt}']);
  });
});

describe('a command template run in a real PTY', () => {
  let host: PtyHost;
  let dir: string;
  beforeEach(async () => {
    host = new PtyHost();
    dir = await mkdtemp(path.join(tmpdir(), 'switchyard-cmdline-'));
  });
  afterEach(async () => {
    await host.disposeAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands a hostile prompt to the child as one literal argument', async () => {
    const line = `'${process.execPath}' -e "console.log(JSON.stringify(process.argv.slice(1)))" -- --msg={prompt} {prompt} 'last word'`;
    const profile = { id: ProfileId.parse('echo-argv'), name: 'Echo argv', kind: 'command' as const, argv: splitCommandLine(line), builtIn: false, cliId: null, builtin: null };
    const launch = await buildLaunch(profile, { prompt: HOSTILE_PROMPT, worktreePath: dir, baseEnv: testChildEnv(), runEnv: {} });
    const session = await host.spawn({ ...launch, cols: 200, rows: 24 });
    const out = collect(session);
    expect(await within(out.exited, 10_000, 'exit'), out.text).toEqual({ exitCode: 0, signal: null });
    expect(JSON.parse(out.text.trim())).toEqual([`--msg=${HOSTILE_PROMPT}`, HOSTILE_PROMPT, 'last word']);
  });
});
