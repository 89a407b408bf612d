import { useEffect, useState } from 'preact/hooks';

export interface Async<T> {
  data?: T;
  error?: Error;
  loading: boolean;
}

/** Runs `load` whenever `deps` change; the latest call wins. */
export function useAsync<T>(load: () => Promise<T> | undefined, deps: unknown[]): Async<T> {
  const [state, setState] = useState<Async<T>>({ loading: true });
  useEffect(() => {
    let live = true;
    const p = load();
    if (!p) {
      setState({ loading: false });
      return;
    }
    setState((s) => ({ data: s.data, loading: true }));
    p.then(
      (data) => {
        if (live) setState({ data, loading: false });
      },
      (error: Error) => {
        if (live) setState({ error, loading: false });
      },
    );
    return () => {
      live = false;
    };
    // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to fetch again (useFetch is a hook over a promise factory)
  }, deps);
  return state;
}
