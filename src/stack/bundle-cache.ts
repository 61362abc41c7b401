// The built Lambda zips kept on disk (node_modules/.cache/orderflow), with what they were built
// from: every input file esbuild read (size, mtime, SHA-256), the lockfile and the build recipe.
// A fresh process whose inputs are unchanged reuses the zips instead of bundling again.
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as z from "zod";

export interface BundleInputs {
  zips: Record<string, { zip: Uint8Array; codeBytes: number }>;
}

const cacheSchema = z.object({
  recipe: z.string(),
  inputs: z.array(
    z.object({ file: z.string(), size: z.number(), mtimeMs: z.number(), sha256: z.string() }),
  ),
  zips: z.record(z.string(), z.object({ zip: z.string(), codeBytes: z.number() })),
});
type CacheFile = z.infer<typeof cacheSchema>;

function cacheFile(root: string): string {
  return path.join(root, "node_modules", ".cache", "orderflow", "lambda-bundles.json");
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The recipe plus the lockfile: a dependency change misses even before its files are read. */
function fullRecipe(root: string, recipe: string): string {
  let lock = "";
  try {
    lock = sha256(readFileSync(path.join(root, "package-lock.json")));
  } catch {
    // No lockfile: the input files alone decide.
  }
  return `${recipe}\n${lock}`;
}

/** Same size and mtime is taken as unchanged; otherwise the content decides. */
function unchanged(root: string, input: CacheFile["inputs"][number]): boolean {
  const file = path.join(root, input.file);
  try {
    const stat = statSync(file);
    if (stat.size !== input.size) return false;
    if (stat.mtimeMs === input.mtimeMs) return true;
    return sha256(readFileSync(file)) === input.sha256;
  } catch {
    return false;
  }
}

export function loadCachedZips(root: string, recipe: string): BundleInputs["zips"] | undefined {
  let cached: CacheFile;
  try {
    cached = cacheSchema.parse(JSON.parse(readFileSync(cacheFile(root), "utf8")));
  } catch {
    return undefined;
  }
  if (cached.recipe !== fullRecipe(root, recipe)) return undefined;
  if (!cached.inputs.every((input) => unchanged(root, input))) return undefined;
  const zips: BundleInputs["zips"] = {};
  for (const [key, entry] of Object.entries(cached.zips))
    zips[key] = { zip: Buffer.from(entry.zip, "base64"), codeBytes: entry.codeBytes };
  return zips;
}

/** Best effort: a read-only node_modules just means bundling every time. */
export function saveCachedZips(
  root: string,
  recipe: string,
  inputFiles: string[],
  zips: BundleInputs["zips"],
): void {
  try {
    const inputs = inputFiles.map((file) => {
      const bytes = readFileSync(path.join(root, file));
      const stat = statSync(path.join(root, file));
      return { file, size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(bytes) };
    });
    const content: CacheFile = {
      recipe: fullRecipe(root, recipe),
      inputs,
      zips: Object.fromEntries(
        Object.entries(zips).map(([key, z]) => [
          key,
          { zip: Buffer.from(z.zip).toString("base64"), codeBytes: z.codeBytes },
        ]),
      ),
    };
    const target = cacheFile(root);
    mkdirSync(path.dirname(target), { recursive: true });
    // Written aside and renamed: a concurrent reader never sees half a file.
    const partial = `${target}.${process.pid}.${Date.now()}.tmp`;
    writeFileSync(partial, JSON.stringify(content));
    renameSync(partial, target);
  } catch {
    // Nothing to do: the next process bundles again.
  }
}
