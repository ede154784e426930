// Fault-injection seam: the named points in the core's crash-sensitive sequences (migrating the
// database, publishing a merge) where a test may stop the process. Production passes no hook, so
// every call site is a no-op there; the hardening tests run the core in a child process whose hook
// SIGKILLs itself at one point, then restart it and check what survived.

/**
 * - `migration.backedUp`: the backup of an older database is written, no migration has started.
 * - `migration.applied`: a migration's statements ran inside its transaction, not yet committed.
 * - `merge.computed`: the merge is computed and its pending record written, the base not yet moved.
 * - `merge.published`: the base branch moved, the record still says pending.
 */
export type FaultPoint = 'migration.backedUp' | 'migration.applied' | 'merge.computed' | 'merge.published';

/** Called synchronously at each point (a migration runs inside a synchronous transaction). */
export type FaultHook = (point: FaultPoint) => void;
