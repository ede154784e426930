// The one renderer store: small slices combined. Components read it through selectors; writes go
// through the actions (src/actions) and the event bindings (src/rpc/bindings.ts) only.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { initialAgentsSlice, type AgentsSlice } from './agents-slice';
import { initialBoardViewSlice, type BoardViewSlice } from './board-view-slice';
import { initialChecksSlice, type ChecksSlice } from './checks-slice';
import { initialDraft, type ComposerDraft } from './composer-slice';
import { initialReposSlice, type ReposSlice } from './repos-slice';
import { initialReviewSlice, type ReviewSlice } from './review-slice';
import { initialRunsSlice, type RunsSlice } from './runs-slice';
import { initialStorageSlice, type StorageSlice } from './storage-slice';
import { initialThreadsSlice, type ThreadsSlice } from './threads-slice';
import { initialUiSlice, type UiSlice } from './ui-slice';

export interface AppState extends RunsSlice, ThreadsSlice, ReposSlice, UiSlice, ChecksSlice, ReviewSlice, AgentsSlice, BoardViewSlice, StorageSlice {
  readonly draft: ComposerDraft;
}

export type AppStore = StoreApi<AppState>;

export const initialAppState: AppState = {
  ...initialRunsSlice,
  ...initialThreadsSlice,
  ...initialReposSlice,
  ...initialUiSlice,
  ...initialChecksSlice,
  ...initialReviewSlice,
  ...initialAgentsSlice,
  ...initialBoardViewSlice,
  ...initialStorageSlice,
  draft: initialDraft,
};

export function createAppStore(state: Partial<AppState> = {}): AppStore {
  return createStore<AppState>()(() => ({ ...initialAppState, ...state }));
}
