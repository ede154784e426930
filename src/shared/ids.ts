// Branded identifiers, so a ThreadId can never be passed where a RunId belongs.
import { z } from 'zod';

/** Ids are short lowercase strings made by the core (`newId`); 8–36 chars of [a-z0-9-]. */
const idString = z.string().regex(/^[a-z0-9-]{8,36}$/, 'not a valid id');

export const RepoId = idString.brand<'RepoId'>();
export type RepoId = z.infer<typeof RepoId>;
export const ThreadId = idString.brand<'ThreadId'>();
export type ThreadId = z.infer<typeof ThreadId>;
export const RunId = idString.brand<'RunId'>();
export type RunId = z.infer<typeof RunId>;
export const ProfileId = z.string().regex(/^[a-z0-9-]{1,36}$/, 'not a valid profile id').brand<'ProfileId'>();
export type ProfileId = z.infer<typeof ProfileId>;
