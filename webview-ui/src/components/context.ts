// The playground controller, its actions and its state, for the components below the root.
import { createContext } from 'preact';
import { useContext, useLayoutEffect, useReducer, useRef } from 'preact/hooks';
import type { PlaygroundActions } from '../app/actions';
import type { Playground } from '../app/playground';
import type { UiState } from '../state/uiState';

export interface AppServices {
  pg: Playground;
  actions: PlaygroundActions;
}

export const ServicesContext = createContext<AppServices | undefined>(undefined);

export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('The playground components need a ServicesContext provider.');
  return services;
}

/** The whole UI state; re-renders on every change (cheap: streaming text never goes through it). */
export function useUiState(pg: Playground): UiState {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const rendered = useRef<UiState | undefined>(undefined);
  rendered.current = pg.store.get();
  useLayoutEffect(() => {
    const unsubscribe = pg.store.subscribe(() => rerender(0));
    // A change between this render and the subscription would otherwise be missed.
    if (pg.store.get() !== rendered.current) rerender(0);
    return unsubscribe;
  }, [pg]);
  return rendered.current;
}
