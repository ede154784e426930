import { describe, expect, it } from 'vitest';
import { MAX_OSC_BYTES, OscScanner, type OscEvent, parseOsc7501 } from './osc-scanner';

const ESC = '\x1b';
const BEL = '\x07';
const ST = `${ESC}\\`;
const b64 = (text: string): string => Buffer.from(text).toString('base64');

function scanAll(chunks: readonly string[]): OscEvent[] {
  const scanner = new OscScanner();
  return chunks.flatMap((chunk) => scanner.push(chunk));
}

/** Every way of cutting `text` into two chunks, plus one char per chunk. */
function splits(text: string): string[][] {
  const out: string[][] = [Array.from(text)];
  for (let i = 1; i < text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

describe('OscScanner', () => {
  it.each<[string, string, OscEvent[]]>([
    ['OSC 9 with BEL', `${ESC}]9;All done.${BEL}`, [{ kind: 'notify', code: 9, body: 'All done.' }]],
    ['OSC 9 with ST', `${ESC}]9;Needs you${ST}`, [{ kind: 'notify', code: 9, body: 'Needs you' }]],
    [
      'OSC 777 notify with a ; in the body',
      `${ESC}]777;notify;Gemini CLI needs your attention;Action required | a;b${BEL}`,
      [{ kind: 'notify', code: 777, title: 'Gemini CLI needs your attention', body: 'Action required | a;b' }],
    ],
    ['OSC 777 other subcommand', `${ESC}]777;preexec${BEL}`, []],
    ['ConEmu progress 9;4 is not a notification', `${ESC}]9;4;3;${BEL}${ESC}]9;4;0;${BEL}`, [
      { kind: 'progress', state: 3 },
      { kind: 'progress', state: 0 },
    ]],
    ['ConEmu progress with percent', `${ESC}]9;4;1;40${ST}`, [{ kind: 'progress', state: 1, percent: 40 }]],
    ['other ConEmu OSC 9 commands are ignored', `${ESC}]9;9;/home/ada${BEL}${ESC}]9;2;boom${BEL}`, []],
    ['OSC 7501 as Codex writes it', `${ESC}]7501;state=working:app=codex${ST}`, [{ kind: 'program-status', report: { state: 'working', app: 'codex' } }]],
    ['OSC 7501 query as Claude Code sends it', `${ESC}]7501;?${BEL}`, [{ kind: 'program-status-query' }]],
    [
      'OSC 7501 blocked with kind and base64 msg',
      `${ESC}]7501;state=blocked:kind=permission:app=claude-code:progress=40:msg=${b64('Deploy?')}${BEL}`,
      [{ kind: 'program-status', report: { state: 'blocked', kind: 'permission', app: 'claude-code', progress: 40, msg: 'Deploy?' } }],
    ],
    ['OSC 99 kitty, one chunk', `${ESC}]99;;Build finished${ST}`, [{ kind: 'notify', code: 99, body: 'Build finished' }]],
    [
      'OSC 99 kitty, title then body across sequences',
      `${ESC}]99;i=1:d=0;Codex${ST}${ESC}]99;i=1:p=body;Turn complete${ST}`,
      [{ kind: 'notify', code: 99, title: 'Codex', body: 'Turn complete' }],
    ],
    ['OSC 99 base64 payload', `${ESC}]99;e=1;${b64('héllo ✓')}${ST}`, [{ kind: 'notify', code: 99, body: 'héllo ✓' }]],
    ['OSC 99 capability query is not a notification', `${ESC}]99;i=opentui-notifications:p=?;${ST}`, []],
    ['titles and other OSCs are skipped', `${ESC}]0;⠋ wt${BEL}${ESC}]8;;https://x${ST}${ESC}]11;?${ST}`, []],
    ['CSI and plain text around it', `\x1b[31mred\x1b[0m text ${ESC}]9;hi${BEL} more`, [{ kind: 'notify', code: 9, body: 'hi' }]],
    ['control characters in the text become spaces', `${ESC}]9;a\tb\u0085c${BEL}`, [{ kind: 'notify', code: 9, body: 'a b c' }]],
    ['CAN aborts a sequence', `${ESC}]9;nope\x18${ESC}]9;yes${BEL}`, [{ kind: 'notify', code: 9, body: 'yes' }]],
    ['an ESC that is not ST aborts and starts a new sequence', `${ESC}]9;lost${ESC}]9;kept${BEL}`, [{ kind: 'notify', code: 9, body: 'kept' }]],
    ['ESC ESC ] still starts an OSC', `${ESC}${ESC}]9;x${BEL}`, [{ kind: 'notify', code: 9, body: 'x' }]],
    ['empty notification bodies are dropped', `${ESC}]9;   ${BEL}${ESC}]777;notify;;${BEL}`, []],
  ])('%s', (_name, input, expected) => {
    expect(scanAll([input])).toEqual(expected);
  });

  it.each([
    `${ESC}]9;Turn complete: 日本語 🚀${BEL}`,
    `${ESC}]777;notify;Title;Body text${ST}`,
    `${ESC}]7501;state=done:app=claude-code${ST}`,
    `${ESC}]9;4;3;${BEL}`,
    `${ESC}]99;i=7:d=0;T${ST}${ESC}]99;i=7:p=body;B${ST}`,
  ])('finds %j whatever way it is split across chunks', (sequence) => {
    const whole = scanAll([`pre ${sequence} post`]);
    expect(whole).toHaveLength(1);
    for (const chunks of splits(`pre ${sequence} post`)) expect(scanAll(chunks)).toEqual(whole);
  });

  it('keeps scanning after a sequence ends mid-chunk and across many pushes', () => {
    const scanner = new OscScanner();
    expect(scanner.push(`${ESC}]9;one${BEL}${ESC}]9;tw`)).toEqual([{ kind: 'notify', code: 9, body: 'one' }]);
    expect(scanner.push('o')).toEqual([]);
    expect(scanner.push(`${ESC}`)).toEqual([]);
    expect(scanner.push(`\\${ESC}]9;three${BEL}`)).toEqual([
      { kind: 'notify', code: 9, body: 'two' },
      { kind: 'notify', code: 9, body: 'three' },
    ]);
  });

  it('drops an over-long sequence of interest whole but recovers at its terminator', () => {
    const huge = `${ESC}]9;${'x'.repeat(MAX_OSC_BYTES + 10)}${BEL}`;
    expect(scanAll([huge, `${ESC}]9;after${BEL}`])).toEqual([{ kind: 'notify', code: 9, body: 'after' }]);
  });

  it('skips a huge uninteresting OSC (clipboard) without buffering it', () => {
    const clip = `${ESC}]52;c;${'A'.repeat(200_000)}${BEL}`;
    expect(scanAll([clip.slice(0, 100_000), clip.slice(100_000), `${ESC}]9;ok${BEL}`])).toEqual([{ kind: 'notify', code: 9, body: 'ok' }]);
  });

  it('reset forgets a half-read sequence', () => {
    const scanner = new OscScanner();
    scanner.push(`${ESC}]9;half`);
    scanner.reset();
    expect(scanner.push(`rest${BEL}`)).toEqual([]);
  });
});

describe('parseOsc7501', () => {
  it.each<[string, OscEvent | null]>([
    ['state=idle', { kind: 'program-status', report: { state: 'idle' } }],
    ['state=done:id=build/test:app=cargo', { kind: 'program-status', report: { state: 'done', id: 'build/test', app: 'cargo' } }],
    ['state=working:state=done', { kind: 'program-status', report: { state: 'done' } }],
    ['state=done:kind=permission', { kind: 'program-status', report: { state: 'done' } }],
    ['state=working:bogus:app=x', { kind: 'program-status', report: { state: 'working', app: 'x' } }],
    ['state=working:progress=150', { kind: 'program-status', report: { state: 'working' } }],
    ['state=sleeping', null],
    ['app=codex', null],
    [`state=done:msg=${b64('line\nbreak')}`, null],
    ['state=done:msg=!!notbase64', { kind: 'program-status', report: { state: 'done' } }],
    ['state=done:msg=Zm9v=Zm9v', null],
  ])('%j', (body, expected) => {
    expect(parseOsc7501(body)).toEqual(expected);
  });
});
