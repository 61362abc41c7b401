import { strToU8, zipSync } from "fflate";

/**
 * A handler that notes when it started (wall-clock ms, sub-ms precision) and, when PROBE_URL
 * is set, reports that moment and the record bodies to the benchmark's probe server.
 */
const probeHandler = `
export const handler = async (event) => {
  const startedAt = performance.timeOrigin + performance.now();
  const url = process.env.PROBE_URL;
  if (url) {
    const bodies = (event.Records ?? []).map((r) => r.body);
    await fetch(url, { method: "POST", body: JSON.stringify({ startedAt, bodies }) });
  }
  return { startedAt };
};
`;

/** The zip of a one-file ESM handler, `index.handler`; fixed mtime so the bytes are stable. */
export function probeHandlerZip(): Uint8Array {
  return zipSync({
    "index.mjs": [strToU8(probeHandler), { mtime: new Date("2020-01-01T00:00:00Z") }],
  });
}
