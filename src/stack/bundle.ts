import { createHash } from "node:crypto";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { zipSync } from "fflate";

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

async function bundleJs(key: FunctionKey): Promise<Uint8Array> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [entries[key]],
    outfile: BUNDLE_FILE,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: true,
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entries[key]}`);
  return file.contents;
}

export function zipBundle(js: Uint8Array): Uint8Array {
  return zipSync(
    { [BUNDLE_FILE]: [js, { mtime: FIXED_MTIME, os: 3, attrs: UNIX_FILE_0644 }] },
    { level: 9 },
  );
}

export function sha256Base64(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64");
}

async function makeBundle(key: FunctionKey): Promise<LambdaBundle> {
  const js = await bundleJs(key);
  const zip = zipBundle(js);
  return { key, zip, sha256: sha256Base64(zip), codeBytes: js.byteLength };
}

const cache = new Map<FunctionKey, Promise<LambdaBundle>>();

/** Bundles a handler once per process: every deploy in a test run reuses the zip. */
export function lambdaBundle(key: FunctionKey): Promise<LambdaBundle> {
  let bundle = cache.get(key);
  if (!bundle) {
    bundle = makeBundle(key);
    // A failed build is not remembered, so a fixed source can be bundled again.
    bundle.catch(() => cache.delete(key));
    cache.set(key, bundle);
  }
  return bundle;
}

/** A fresh build that bypasses the cache, to check that builds are reproducible. */
export function buildBundleUncached(key: FunctionKey): Promise<LambdaBundle> {
  return makeBundle(key);
}
