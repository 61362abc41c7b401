// The worker entry as one plain JavaScript file: a worker started from .ts sources pays for
// Node's type stripping in every thread (measured: ~300 ms more per cold start). It is built
// once per source version and kept on disk, so a fresh process starts its first environment
// without running esbuild (which took ~13 % of a cold start, blocking the event loop).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, version as esbuildVersion } from "esbuild";

const WORKER_SOURCE = fileURLToPath(new URL("./worker-main.ts", import.meta.url));
/** Every file of ours the entry bundles (it imports nothing else but node: modules). */
const SOURCES = ["worker-main.ts", "handler-loader.ts", "worker-protocol.ts"].map((file) =>
  fileURLToPath(new URL(`./${file}`, import.meta.url)),
);
const BUILD_OPTIONS = {
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node22",
  write: false,
  logLevel: "silent",
} as const;

function cacheDir(): string {
  const inRepo = fileURLToPath(
    new URL("../../../../node_modules/.cache/orderflow", import.meta.url),
  );
  try {
    mkdirSync(inRepo, { recursive: true });
    return inRepo;
  } catch {
    const fallback = path.join(tmpdir(), "orderflow-cache");
    mkdirSync(fallback, { recursive: true });
    return fallback;
  }
}

function sourceHash(): string {
  const hash = createHash("sha256").update(esbuildVersion).update(JSON.stringify(BUILD_OPTIONS));
  for (const file of SOURCES) hash.update(file).update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
}

async function buildEntry(): Promise<URL> {
  const file = path.join(cacheDir(), `lambda-worker-${sourceHash()}.mjs`);
  if (!existsSync(file)) {
    const built = await build({ entryPoints: [WORKER_SOURCE], ...BUILD_OPTIONS });
    // Written aside and renamed: another process reading the cache never sees half a file.
    const partial = `${file}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(partial, built.outputFiles[0]?.text ?? "");
    renameSync(partial, file);
  }
  return pathToFileURL(file);
}

let entry: Promise<URL> | undefined;

/** The built entry's URL; the first call in a process starts the (cached) build. */
export function workerEntry(): Promise<URL> {
  if (!entry) {
    const building = buildEntry();
    // A failed build is not remembered: the next environment tries again.
    building.catch(() => {
      if (entry === building) entry = undefined;
    });
    entry = building;
  }
  return entry;
}
