// The services the React tree reads from context: the RPC client, the store and the terminals.
// Built once at start-up (main.tsx); there are no module-level singletons.
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { RpcClient } from '../../shared/rpc/client';
import type { AppState, AppStore } from './state/store';
import type { TerminalRegistry } from './terminals/terminal-registry';

export interface AppServices {
  readonly client: RpcClient;
  readonly store: AppStore;
  readonly terminals: TerminalRegistry;
}

export const AppServicesContext = createContext<AppServices | null>(null);

export function useServices(): AppServices {
  const services = useContext(AppServicesContext);
  if (!services) throw new Error('AppServicesContext is missing');
  return services;
}

/** Reads the store through a selector; return primitives or stable references (no new arrays). */
export function useAppState<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}
