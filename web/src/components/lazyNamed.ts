import { lazy, type ComponentType } from 'react';

/** Any component, whatever its props (React.lazy's own bound). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyComponent = ComponentType<any>;

/**
 * A component exported by name from a module loaded on first render (`React.lazy` wants a default
 * export): its chunk is fetched only when the component is shown (web/bundle-budget.json).
 */
export function lazyNamed<M extends Record<K, AnyComponent>, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}
