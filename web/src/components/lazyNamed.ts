import { lazy, type ComponentType } from 'react';

/** Any component, whatever its props (React.lazy's own bound). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyComponent = ComponentType<any>;

/** A route chunk's loader: the same function is given to lazyNamed and to preload. */
export type Loader<M = unknown> = () => Promise<M>;

/** The modules already loaded, by their loader. */
const loaded = new Map<Loader, unknown>();

/** Loads the modules now (the first page's chunks, before the first render). */
export async function preload(loaders: Loader[]): Promise<void> {
  await Promise.all(loaders.map(async (load) => loaded.set(load, await load())));
}

/**
 * A component exported by name from a module loaded on first render (`React.lazy` wants a default
 * export): its chunk is fetched only when the component is shown (web/bundle-budget.json).
 *
 * A module that `preload` has loaded is handed over synchronously: React.lazy then renders the
 * component at once instead of suspending. Suspending on a page's first render costs more than
 * the chunk: React 19 shows a fallback for at least 300 ms once it has shown one (its reveal
 * throttle), and /login answered its first request 369 ms after the page opened, 320 ms after its
 * chunks were there.
 */
export function lazyNamed<M extends Record<K, AnyComponent>, K extends keyof M>(load: Loader<M>, name: K) {
  return lazy(() => {
    if (loaded.has(load)) {
      const module = { default: (loaded.get(load) as M)[name] };
      // A thenable that calls back at once: React.lazy reads it as already resolved.
      return { then: (resolve: (value: typeof module) => void) => resolve(module) } as unknown as Promise<
        typeof module
      >;
    }
    return load().then((module) => ({ default: module[name] }));
  });
}
