/** A duration as people write it in steps and options: 250, "250ms", "2s", "1.5s", "1m". */
export type DurationLike = number | string;

const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

export function toMilliseconds(value: DurationLike): number {
  if (typeof value === "number") return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(value);
  if (!match) throw new Error(`not a duration: "${value}" (write 500ms, 2s or 1m)`);
  return Math.round(Number(match[1]) * (units[match[2] as string] as number));
}
