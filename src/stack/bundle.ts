import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { build, version as esbuildVersion } from "esbuild";
import { zipSync } from "fflate";
import { loadCachedZips, saveCachedZips, type BundleInputs } from "./bundle-cache.ts";

export type FunctionKey = "task" | "notification" | "dlqProcessor";

const entries: Record<FunctionKey, string> = {
  task: "lambdas/task.ts",
  notification: "lambdas/notification.ts",
  dlqProcessor: "lambdas/dlq-processor.ts",
};

/** The file inside the zip and the handler that names it. `.cjs`: no package.json says "type". */
export const BUNDLE_FILE = "index.cjs";
export const HANDLER = "index.handler";

export interface LambdaBundle {
  key: FunctionKey;
  zip: Uint8Array;
  /** Base64 SHA-256 of the zip: what Lambda reports as CodeSha256. */
  sha256: string;
  /** Size of the bundled JavaScript before zipping. */
  codeBytes: number;
}

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/*
 * A DOS timestamp holds local date fields, so the fixed time is built from local fields too:
 * the same source then gives the same bytes in every time zone.
 */
const FIXED_MTIME = new Date(2000, 0, 1, 0, 0, 0);
const UNIX_FILE_0644 = 0o100644 * 65536;

const BUILD_OPTIONS = {
  entryPoints: entries,
  outdir: "lambda-bundles",
  outExtension: { ".js": ".cjs" },
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  minify: true,
  legalComments: "none",
  write: false,
  logLevel: "silent",
} as const;
const ZIP_LEVEL = 9;

/** Everything besides the input files that decides the zips' bytes. */
function recipe(): string {
  return JSON.stringify({ esbuildVersion, BUILD_OPTIONS, ZIP_LEVEL, FIXED_MTIME: +FIXED_MTIME });
}

/** One esbuild run for all three handlers: they share most modules, parsed once. */
async function bundleAllJs(): Promise<{ js: Record<FunctionKey, Uint8Array>; inputs: string[] }> {
  const result = await build({ absWorkingDir: repoRoot, ...BUILD_OPTIONS, metafile: true });
  const byKey = {} as Record<FunctionKey, Uint8Array>;
  for (const key of Object.keys(entries) as FunctionKey[]) {
    const file = result.outputFiles.find((f) => f.path.endsWith(`/${key}.cjs`));
    if (!file) throw new Error(`esbuild produced nothing for ${entries[key]}`);
    byKey[key] = file.contents;
  }
  return { js: byKey, inputs: Object.keys(result.metafile.inputs) };
}

export function zipBundle(js: Uint8Array): Uint8Array {
  return zipSync(
    { [BUNDLE_FILE]: [js, { mtime: FIXED_MTIME, os: 3, attrs: UNIX_FILE_0644 }] },
    { level: ZIP_LEVEL },
  );
}

export function sha256Base64(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

function toBundle(key: FunctionKey, zip: Uint8Array, codeBytes: number): LambdaBundle {
  return { key, zip, sha256: sha256Base64(zip), codeBytes };
}

async function makeBundles(): Promise<{
  bundles: Record<FunctionKey, LambdaBundle>;
  inputs: string[];
}> {
  const { js, inputs } = await bundleAllJs();
  const bundles = {} as Record<FunctionKey, LambdaBundle>;
  for (const key of Object.keys(js) as FunctionKey[])
    bundles[key] = toBundle(key, zipBundle(js[key]), js[key].byteLength);
  return { bundles, inputs };
}

/**
 * The zips from the disk cache when no input changed since they were built (a fresh process
 * then deploys without running esbuild), else built and cached. Same bytes either way.
 */
async function cachedOrBuilt(): Promise<Record<FunctionKey, LambdaBundle>> {
  const cached = loadCachedZips(repoRoot, recipe());
  if (cached) {
    const bundles = {} as Record<FunctionKey, LambdaBundle>;
    for (const key of Object.keys(entries) as FunctionKey[]) {
      const entry = cached[key];
      if (!entry) return buildAndCache();
      bundles[key] = toBundle(key, entry.zip, entry.codeBytes);
    }
    return bundles;
  }
  return buildAndCache();
}

async function buildAndCache(): Promise<Record<FunctionKey, LambdaBundle>> {
  const { bundles, inputs } = await makeBundles();
  const zips: BundleInputs["zips"] = {};
  for (const b of Object.values(bundles)) zips[b.key] = { zip: b.zip, codeBytes: b.codeBytes };
  saveCachedZips(repoRoot, recipe(), inputs, zips);
  return bundles;
}

let cache: Promise<Record<FunctionKey, LambdaBundle>> | undefined;

/** Bundles the handlers once per process: every deploy in a test run reuses the zips. */
export async function lambdaBundle(key: FunctionKey): Promise<LambdaBundle> {
  if (!cache) {
    const building = cachedOrBuilt();
    // A failed build is not remembered, so a fixed source can be bundled again.
    building.catch(() => {
      if (cache === building) cache = undefined;
    });
    cache = building;
  }
  return (await cache)[key];
}

/** A fresh build that bypasses the cache, to check that builds are reproducible. */
export async function buildBundleUncached(key: FunctionKey): Promise<LambdaBundle> {
  return (await makeBundles()).bundles[key];
}
