// What the core finds on the PATH it gives agents, for tests: a bin folder holding only git,
// stand-in CLIs written into it, and a local port nothing listens on (an endpoint that is absent).
import { once } from 'node:events';
import { chmod, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveExecutable } from '../../src/core/terminals/resolve-executable';

/** A folder for the core's PATH with git in it (the core runs git on that PATH) and nothing else yet. */
export async function binWithGit(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  await symlink(await resolveExecutable('git', process.env.PATH, tmpdir()), join(dir, 'git'));
  return dir;
}

/** Writes an executable file (mode 755) named `name` in `dir`. */
export async function writeExecutable(dir: string, name: string, text: string): Promise<void> {
  await writeFile(join(dir, name), text);
  await chmod(join(dir, name), 0o755);
}

/** A port on 127.0.0.1 that was free a moment ago and has no listener now. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
