import { setMaxListeners } from 'node:events';

/** An AbortController that also aborts when any of its parents does, until disposed. */
export interface LinkedAbort {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  /** Stops listening to the parents; call it when the work the signal guards is over. */
  dispose(): void;
}

/**
 * Use this instead of `AbortSignal.any()` when a parent outlives the child: Node 20 keeps a
 * WeakRef to every signal `any()` ever built in each (non-composite) parent, until that parent
 * aborts, so a long-lived parent such as the shutdown signal gathers one per call or round. Here
 * the child holds a plain listener that `dispose()` removes, leaving nothing behind.
 */
export function linkedAbort(parents: readonly (AbortSignal | undefined)[]): LinkedAbort {
  const controller = new AbortController();
  // The work under one signal may run many listeners at once (e.g. one call per baseline strategy).
  setMaxListeners(0, controller.signal);
  const links: { parent: AbortSignal; listener: () => void }[] = [];
  for (const parent of parents) {
    if (!parent) continue;
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }
    const listener = (): void => controller.abort(parent.reason);
    parent.addEventListener('abort', listener, { once: true });
    links.push({ parent, listener });
  }
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose() {
      for (const { parent, listener } of links) parent.removeEventListener('abort', listener);
      links.length = 0;
    },
  };
}
