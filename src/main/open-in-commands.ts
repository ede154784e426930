// Which programs "Open in editor" and "Open terminal here" try, in order, per OS: pure, so the
// choices are unit tested without starting anything. Every launch is an argument array for spawn,
// never a shell string; the folder is passed as one argument (or as the working directory).
import path from 'node:path';
import { splitCommandLine } from '../core/agents/command-line';

export interface Launch {
  /** A program name looked up on PATH (absolute entries only), or an absolute path. */
  readonly command: string;
  readonly args: readonly string[];
  /** What the user is told was opened ("code", "gnome-terminal"). */
  readonly label: string;
  /** Succeeds only if the program exits 0 (for launchers like macOS `open` that report failure by exit code). */
  readonly waitForExit?: boolean;
}

/**
 * Editors with a window of their own: $VISUAL or $EDITOR is used only when it names one of these,
 * since a terminal editor (vim, nano…) started without a terminal would be invisible.
 */
const GUI_EDITORS = new Set([
  'code', 'code-insiders', 'codium', 'vscodium', 'cursor', 'windsurf', 'zed', 'zeditor', 'subl', 'sublime_text',
  'atom', 'gedit', 'gnome-text-editor', 'kate', 'kwrite', 'mousepad', 'pluma', 'xed', 'geany', 'gvim', 'mvim',
  'idea', 'webstorm', 'pycharm', 'clion', 'goland', 'rider', 'fleet', 'lapce', 'mate', 'bbedit', 'notepad++',
]);

/** Flags that make an editor block until the file is closed: pointless for a detached launch. */
const WAIT_FLAGS = new Set(['--wait', '-w']);

/** `code`, from `/usr/bin/code` or `C:\…\Code.exe`. */
function programName(command: string): string {
  return path.basename(command.replace(/\\/g, '/')).replace(/\.(exe|cmd|bat)$/i, '').toLowerCase();
}

/** A launch from an $EDITOR-style value, when it names a GUI editor; null otherwise (or unparsable). */
export function editorFromVariable(value: string | undefined, folder: string): Launch | null {
  if (!value?.trim()) return null;
  let words: string[];
  try {
    words = splitCommandLine(value);
  } catch {
    return null;
  }
  const [command, ...rest] = words;
  if (!command || !GUI_EDITORS.has(programName(command))) return null;
  return { command, args: [...rest.filter((w) => !WAIT_FLAGS.has(w)), folder], label: programName(command) };
}

/** $VISUAL, then $EDITOR (GUI editors only), then VS Code's `code`. The caller falls back to the OS's folder opener. */
export function editorLaunches(folder: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Launch[] {
  const out: Launch[] = [];
  for (const value of [env.VISUAL, env.EDITOR]) {
    const launch = editorFromVariable(value, folder);
    if (launch && !out.some((l) => l.command === launch.command)) out.push(launch);
  }
  // On Windows `code` is a .cmd script, which Node does not start without a shell: the caller's fallback covers it.
  if (platform !== 'win32' && !out.some((l) => programName(l.command) === 'code')) out.push({ command: 'code', args: [folder], label: 'code' });
  if (platform === 'darwin') out.push({ command: '/usr/bin/open', args: ['-a', 'Visual Studio Code', folder], label: 'Visual Studio Code', waitForExit: true });
  return out;
}

/** Linux terminals, with the flag each takes for its working directory (every launch also starts in the folder). */
function linuxTerminals(folder: string): Launch[] {
  return [
    { command: 'x-terminal-emulator', args: [], label: 'x-terminal-emulator' },
    { command: 'gnome-terminal', args: [`--working-directory=${folder}`], label: 'gnome-terminal' },
    { command: 'konsole', args: ['--workdir', folder], label: 'konsole' },
    { command: 'xfce4-terminal', args: [`--working-directory=${folder}`], label: 'xfce4-terminal' },
    { command: 'kitty', args: ['--directory', folder], label: 'kitty' },
    { command: 'alacritty', args: ['--working-directory', folder], label: 'alacritty' },
    { command: 'wezterm', args: ['start', '--cwd', folder], label: 'wezterm' },
    { command: 'foot', args: [`--working-directory=${folder}`], label: 'foot' },
    { command: 'xterm', args: [], label: 'xterm' },
  ];
}

/**
 * The platform's terminal: Terminal.app on macOS; Windows Terminal, else a new cmd console, on
 * Windows; elsewhere $TERMINAL when set, then the Debian alternative and the common terminals.
 */
export function terminalLaunches(folder: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): Launch[] {
  if (platform === 'darwin') return [{ command: '/usr/bin/open', args: ['-a', 'Terminal', folder], label: 'Terminal', waitForExit: true }];
  if (platform === 'win32') {
    const system = path.win32.join(env.SystemRoot ?? 'C:\\Windows', 'System32', 'cmd.exe');
    return [
      { command: 'wt.exe', args: ['-d', folder], label: 'Windows Terminal' },
      { command: system, args: [], label: 'cmd' },
    ];
  }
  const out: Launch[] = [];
  const own = env.TERMINAL?.trim();
  if (own) {
    try {
      const [command, ...args] = splitCommandLine(own);
      if (command) out.push({ command, args, label: programName(command) });
    } catch {
      // an unparsable $TERMINAL is skipped, the usual terminals are tried
    }
  }
  return [...out, ...linuxTerminals(folder)];
}
