// Makes ids for rows the core creates: 12 lowercase hex characters, the first 8 used in branch names.
import { randomBytes } from 'node:crypto';

export function newId(): string {
  return randomBytes(6).toString('hex');
}

/** The short form shown in branch names and worktree folders. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
