#!/usr/bin/env node
// The `switchyard` command: runs the built CLI (out/main/cli.js, from `npm run build`), whose source is src/cli.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write(`switchyard: the command line is not built yet (no ${cli}); run \`npm run build\` first.\n`);
  process.exit(1);
}
await import(pathToFileURL(cli).href);
