/*
 * Jest runs the global setup and teardown in the same process but as separate modules; what
 * the setup started is handed over on globalThis.
 */
const KEY = Symbol.for("orderflow.scenarios.teardown");

type Teardown = () => Promise<void>;

export function rememberTeardown(fn: Teardown): void {
  (globalThis as Record<symbol, Teardown | undefined>)[KEY] = fn;
}

export async function runTeardown(): Promise<void> {
  const holder = globalThis as Record<symbol, Teardown | undefined>;
  const fn = holder[KEY];
  holder[KEY] = undefined;
  await fn?.();
}
