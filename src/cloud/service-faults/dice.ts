/*
 * The dice of the services' faults: for each request, how long it is held back and which
 * fault, if any, strikes it. Seeded like the functions' dice, on a stream of their own, so
 * that turning service faults on does not change which invocations crash.
 */
import { seededRandom } from "../lambda/faults.ts";
import type { LatencyOptions, ServiceFaultOptions, ServiceFaultRates } from "../types.ts";

export type FaultedService = "s3" | "sqs";
export type StrikeKind = "error" | "throttle" | "reset";

export interface Roll {
  latencyMs: number;
  strike?: StrikeKind;
}

/** Keeps the services' stream apart from the functions' (which uses the seed as it is). */
const STREAM = 0x5e41ce;
/** An exponential jitter is cut here, in means, so that one unlucky roll cannot stall a run. */
const JITTER_CAP = 10;

export interface ServiceDice {
  roll(service: FaultedService, action: string): Roll;
}

function ratesFor(
  options: ServiceFaultOptions,
  service: FaultedService,
  action: string,
): ServiceFaultRates | undefined {
  const table = options[service];
  return table?.[action] ?? table?.["*"];
}

function jitterOf(latency: LatencyOptions, random: () => number): number {
  const spread = latency.jitterMs ?? 0;
  if (spread <= 0) return 0;
  if (latency.jitter === "uniform") return random() * spread;
  return Math.min(-Math.log(1 - random()) * spread, JITTER_CAP * spread);
}

function checkRate(value: number | undefined, where: string): void {
  if (value === undefined) return;
  if (!(value >= 0 && value <= 1))
    throw new Error(`faults.services.${where} must be within 0 and 1, not ${value}`);
}

/** Refuses rates outside [0, 1], an action whose rates add up to more than 1, a negative latency. */
export function checkServiceFaults(options: ServiceFaultOptions): void {
  for (const service of ["s3", "sqs"] as const) {
    for (const [action, rates] of Object.entries(options[service] ?? {})) {
      const where = `${service}.${action}`;
      checkRate(rates.error, `${where}.error`);
      checkRate(rates.throttle, `${where}.throttle`);
      checkRate(rates.reset, `${where}.reset`);
      const sum = (rates.error ?? 0) + (rates.throttle ?? 0) + (rates.reset ?? 0);
      if (sum > 1)
        throw new Error(
          `faults.services.${where}: error + throttle + reset must be at most 1, not ${sum}`,
        );
    }
  }
  const latency = options.latency;
  if (!latency) return;
  checkRate(latency.rate, "latency.rate");
  if (!(latency.baseMs >= 0) || !((latency.jitterMs ?? 0) >= 0)) {
    throw new Error("faults.services.latency: baseMs and jitterMs must be 0 or more");
  }
}

export function createServiceDice(options: ServiceFaultOptions, seed = 1): ServiceDice {
  checkServiceFaults(options);
  const random = seededRandom((seed ^ STREAM) >>> 0);
  const latencyMs = (): number => {
    const latency = options.latency;
    if (!latency || random() >= (latency.rate ?? 1)) return 0;
    return Math.round(latency.baseMs + jitterOf(latency, random));
  };
  return {
    roll(service, action) {
      const delay = latencyMs();
      const rates = ratesFor(options, service, action);
      if (!rates) return { latencyMs: delay };
      const roll = random();
      let edge = 0;
      for (const kind of ["error", "throttle", "reset"] as const) {
        edge += rates[kind] ?? 0;
        if (roll < edge) return { latencyMs: delay, strike: kind };
      }
      return { latencyMs: delay };
    },
  };
}
