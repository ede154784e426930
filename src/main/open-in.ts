// The desktop app's "Open in editor" and "Open terminal here" (Platform.openInEditor / openTerminal):
// the launches of open-in-commands.ts, started by open-in-launch.ts; an editor falls back to the
// OS's own opener for folders (Electron's shell.openPath).
import { shell } from 'electron';
import type { Platform } from '../core/platform';
import { AppError } from '../shared/errors';
import { editorLaunches, terminalLaunches } from './open-in-commands';
import { launchFirst } from './open-in-launch';

function failure(what: string, problems: readonly string[]): AppError {
  const detail = problems.length > 0 ? ` (${problems.join('; ')})` : '';
  return new AppError('SPAWN_FAILED', `${what}${detail}.`);
}

export function openInPlatform(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Required<Pick<Platform, 'openInEditor' | 'openTerminal'>> {
  return {
    async openInEditor(folder) {
      const result = await launchFirst(editorLaunches(folder, env, platform), folder, env, platform);
      if (result.opened) return result.opened;
      const error = await shell.openPath(folder);
      if (error === '') return 'the system\u2019s folder opener';
      throw failure(`No editor could be started: set $VISUAL to a GUI editor, or install VS Code's \`code\` command. Opening the folder failed too: ${error}`, result.problems);
    },
    async openTerminal(folder) {
      const result = await launchFirst(terminalLaunches(folder, env, platform), folder, env, platform);
      if (result.opened) return result.opened;
      throw failure(platform === 'linux' ? 'No terminal could be started: set $TERMINAL, or install one such as gnome-terminal or xterm' : 'No terminal could be started', result.problems);
    },
  };
}
