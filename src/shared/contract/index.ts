// The contract: every operation declared once; handler, client and event types are derived here.
import type { z } from 'zod';
import type { CallSpec, EventSpec } from './define';
import { appContract } from './app';
import { reposContract } from './repos';
import { profilesContract } from './profiles';
import { threadsContract } from './threads';
import { runsContract } from './runs';
import { reviewContract } from './review';
import { checksContract } from './checks';
import { mergeContract } from './merge';
import { storageContract } from './storage';
import { boardContract } from './board';
import { commandsContract } from './commands';

export const contract = {
  ...appContract,
  ...reposContract,
  ...profilesContract,
  ...threadsContract,
  ...runsContract,
  ...reviewContract,
  ...checksContract,
  ...mergeContract,
  ...storageContract,
  ...boardContract,
  ...commandsContract,
} as const;
type C = typeof contract;

type NamesOfKind<K extends 'call' | 'event'> = { [N in keyof C]: C[N]['kind'] extends K ? N : never }[keyof C];
export type CallName = NamesOfKind<'call'>;
export type EventName = NamesOfKind<'event'>;

type CallOf<N extends CallName> = Extract<C[N], CallSpec>;
/** What a client sends. */
export type CallInput<N extends CallName> = z.input<CallOf<N>['input']>;
/** What a handler receives, after validation. */
export type ParsedInput<N extends CallName> = z.output<CallOf<N>['input']>;
export type CallOutput<N extends CallName> = z.output<CallOf<N>['output']>;
export type EventPayload<N extends EventName> = z.output<Extract<C[N], EventSpec>['payload']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.hasOwn(contract, name) && contract[name as keyof C].kind === 'call';
}

export * from './limits';
export { Repo } from './repos';
export { Profile, ProfileKind, CliId, CliAvailability, BuiltinSettings } from './profiles';
export { Thread, ThreadWithRuns, CreateThreadInput } from './threads';
export { Run, RunStatus, RunActivity, DiffSummary } from './runs';
export { AppInfo, Drift, FirstRunChecks, EndpointStatus, LocalEndpoint } from './app';
export { DiffFile, RunDiff, FilePatch, CompareMatrix, FileVersions, ScorecardRow } from './review';
export { CheckResult } from './checks';
export { MergeMode, MergeOutcome, MergeRecord, LossReport } from './merge';
export { StorageStatus } from './storage';
export { OpenTarget } from './board';
