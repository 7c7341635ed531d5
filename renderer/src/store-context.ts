import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { AirlockState, AirlockStore } from './store.js';

/** Filled by main.tsx, the composition root; components never create a store themselves. */
export const StoreContext = createContext<AirlockStore | null>(null);

export function useAirlockStore(): AirlockStore {
  const store = useContext(StoreContext);
  if (store === null) throw new Error('useAirlock used outside StoreContext');
  return store;
}

/** Selects one slice of the state; select primitives or stable objects to avoid re-renders. */
export function useAirlock<T>(selector: (state: AirlockState) => T): T {
  return useStore(useAirlockStore(), selector);
}
