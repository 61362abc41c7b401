/** Lambda's LastModified format: `2019-08-14T22:34:51.930+0000`. */
export function lambdaTimestamp(date: Date): string {
  return date.toISOString().replace("Z", "+0000");
}

/** Epoch seconds with a fraction, as event source mappings show LastModified. */
export function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
