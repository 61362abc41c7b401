import type { FaultOptions } from "../types.ts";

/** mulberry32: tiny, fast and good enough to replay a fault campaign from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type InvocationFault = { kind: "crash" | "timeout"; afterMs: number } | undefined;

/** The dice of a fault campaign; with no options every roll says "no fault". */
export interface FaultDice {
  invocation(timeoutMs: number): InvocationFault;
  duplicate(): boolean;
}

/** Injected faults strike within this many milliseconds of the handler starting. */
const FAULT_WINDOW_MS = 100;

export function createFaultDice(options: FaultOptions | undefined): FaultDice {
  const crashRate = options?.crashRate ?? 0;
  const timeoutRate = options?.timeoutRate ?? 0;
  const duplicateRate = options?.duplicateRate ?? 0;
  const random = seededRandom(options?.seed ?? 1);
  return {
    invocation(timeoutMs) {
      if (crashRate <= 0 && timeoutRate <= 0) return undefined;
      const roll = random();
      const afterMs = Math.floor(random() * Math.min(FAULT_WINDOW_MS, timeoutMs));
      if (roll < crashRate) return { kind: "crash", afterMs };
      if (roll < crashRate + timeoutRate) return { kind: "timeout", afterMs };
      return undefined;
    },
    duplicate() {
      return duplicateRate > 0 && random() < duplicateRate;
    },
  };
}
