import { describe, expect, it } from 'vitest';
import { editorFromVariable, editorLaunches, terminalLaunches } from './open-in-commands';

const DIR = '/data/worktrees/repo-1a2b/run one';

describe('open-in commands', () => {
  it('uses $VISUAL or $EDITOR only when it names a GUI editor, without its wait flag', () => {
    expect(editorFromVariable('code --wait', DIR)).toEqual({ command: 'code', args: [DIR], label: 'code' });
    expect(editorFromVariable('"/opt/Sublime Text/subl" -w --new-window', DIR)).toEqual({ command: '/opt/Sublime Text/subl', args: ['--new-window', DIR], label: 'subl' });
    expect(editorFromVariable('vim', DIR)).toBeNull();
    expect(editorFromVariable('nano -w', DIR)).toBeNull();
    expect(editorFromVariable('', DIR)).toBeNull();
    expect(editorFromVariable('code "unclosed', DIR)).toBeNull();
    // Never a shell: operators are just words of the argument list.
    expect(editorFromVariable('gedit; rm -rf ~', DIR)).toBeNull();
    expect(editorFromVariable('gedit ; rm -rf ~', DIR)?.args).toEqual([';', 'rm', '-rf', '~', DIR]);
  });

  it('tries $VISUAL, then $EDITOR, then code (and the VS Code app on macOS)', () => {
    expect(editorLaunches(DIR, { VISUAL: 'zed', EDITOR: 'vim' }, 'linux').map((l) => l.label)).toEqual(['zed', 'code']);
    expect(editorLaunches(DIR, { EDITOR: 'code -w' }, 'linux').map((l) => [l.command, ...l.args])).toEqual([['code', DIR]]);
    const mac = editorLaunches(DIR, {}, 'darwin');
    expect(mac.map((l) => l.command)).toEqual(['code', '/usr/bin/open']);
    expect(mac[1]).toMatchObject({ args: ['-a', 'Visual Studio Code', DIR], waitForExit: true });
    expect(editorLaunches(DIR, {}, 'win32')).toEqual([]);
  });

  it('opens the platform terminal in the folder', () => {
    expect(terminalLaunches(DIR, {}, 'darwin')).toEqual([{ command: '/usr/bin/open', args: ['-a', 'Terminal', DIR], label: 'Terminal', waitForExit: true }]);
    const win = terminalLaunches('C:\\w\\run', { SystemRoot: 'D:\\Win' }, 'win32');
    expect(win.map((l) => [l.command, ...l.args])).toEqual([['wt.exe', '-d', 'C:\\w\\run'], ['D:\\Win\\System32\\cmd.exe']]);
    const linux = terminalLaunches(DIR, { TERMINAL: 'kitty --single-instance' }, 'linux');
    expect(linux[0]).toEqual({ command: 'kitty', args: ['--single-instance'], label: 'kitty' });
    expect(linux[1]?.command).toBe('x-terminal-emulator');
    expect(linux.find((l) => l.command === 'gnome-terminal')?.args).toEqual([`--working-directory=${DIR}`]);
    expect(terminalLaunches(DIR, {}, 'linux')[0]?.command).toBe('x-terminal-emulator');
  });
});
