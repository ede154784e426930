// Absolute paths of the bench's own files (producers, page sources) and of the repository root.
import { fileURLToPath } from 'node:url';

const here = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));

export const REPO_ROOT = here('../../../');

/** Child programs run inside the PTYs (see each file's header for its arguments). */
export const PRODUCERS = {
  flood: here('../producers/flood.mjs'),
  writeFile: here('../producers/write-file.mjs'),
  tuiRate: here('../producers/tui-rate.mjs'),
} as const;

export const PAGE_DIR = here('../page/');
export const CORE_HOST = here('./core-host.ts');
export const XTERM_BASELINE = here('./xterm-baseline.ts');
