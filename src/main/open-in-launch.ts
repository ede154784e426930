// Starts the first program of a list of launches (see open-in-commands.ts) that exists, detached
// from the app, in a folder: an editor or a terminal the user keeps after Switchyard quits.
// Plain Node (no Electron), so it is tested with real processes.
import { spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Launch } from './open-in-commands';

/**
 * How long a launcher that reports by exit code (macOS `open`) may take, in ms: it returns as soon
 * as the app is asked to open, well under a second normally; generous for a loaded machine.
 */
const EXIT_WAIT_MS = 15_000;

async function isExecutableFile(candidate: string): Promise<boolean> {
  try {
    if (!(await stat(candidate)).isFile()) return false;
    await access(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The absolute path of `command`: taken as is when absolute, else looked up in PATH's absolute
 * entries only. A relative name is never resolved against the folder being opened (a worktree the
 * agent wrote to), which an empty or `.` PATH entry would otherwise allow.
 */
export async function findProgram(command: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<string | null> {
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (p.isAbsolute(command)) return (await isExecutableFile(command)) ? command : null;
  if (command.includes('/') || command.includes('\\')) return null;
  for (const dir of (env.PATH ?? '').split(p.delimiter)) {
    if (!dir || !p.isAbsolute(dir)) continue;
    const candidate = p.join(dir, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

/** The app's environment minus Electron's own variables, which would confuse an Electron-based editor. */
export function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('ELECTRON_')));
}

/** Spawns detached; resolves once the process exists (or, with waitForExit, exited 0), rejects otherwise. */
function start(program: string, launch: Launch, folder: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, [...launch.args], { cwd: folder, env, detached: true, stdio: 'ignore', windowsHide: false });
    child.once('error', reject);
    if (!launch.waitForExit) {
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
      return;
    }
    const timer = setTimeout(() => reject(new Error(`${launch.label} did not answer in time`)), EXIT_WAIT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`${launch.label} exited with code ${code ?? '?'}`));
    });
  });
}

export interface LaunchResult {
  /** The label of the launch that started, or null when none did. */
  readonly opened: string | null;
  /** What went wrong with each launch that was tried, for the error message. */
  readonly problems: readonly string[];
}

/** Tries each launch in order until one starts. Never runs a shell. */
export async function launchFirst(launches: readonly Launch[], folder: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<LaunchResult> {
  const problems: string[] = [];
  for (const launch of launches) {
    const program = await findProgram(launch.command, env, platform);
    if (!program) continue; // not installed: the next one
    try {
      await start(program, launch, folder, childEnv(env));
      return { opened: launch.label, problems };
    } catch (err) {
      problems.push(`${launch.label}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { opened: null, problems };
}
