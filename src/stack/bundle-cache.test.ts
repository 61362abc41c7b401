import { mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCachedZips, saveCachedZips } from "./bundle-cache.ts";

let root: string;
const zips = { task: { zip: new Uint8Array([80, 75, 3, 4, 1, 2]), codeBytes: 42 } };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "orderflow-bundle-cache-"));
  await writeFile(join(root, "a.ts"), "export const a = 1;");
  await writeFile(join(root, "package-lock.json"), "{}");
});
afterEach(() => rm(root, { recursive: true, force: true }));

test("unchanged inputs give back the saved zips, byte for byte", () => {
  saveCachedZips(root, "recipe-1", ["a.ts"], zips);
  const loaded = loadCachedZips(root, "recipe-1");
  expect(loaded?.task?.codeBytes).toBe(42);
  expect(Buffer.from(loaded!.task!.zip).equals(Buffer.from(zips.task.zip))).toBe(true);
});

test("a changed input, recipe or lockfile misses", async () => {
  saveCachedZips(root, "recipe-1", ["a.ts"], zips);
  expect(loadCachedZips(root, "recipe-2")).toBeUndefined();
  await writeFile(join(root, "a.ts"), "export const a = 2;");
  expect(loadCachedZips(root, "recipe-1")).toBeUndefined();
  saveCachedZips(root, "recipe-1", ["a.ts"], zips);
  await writeFile(join(root, "package-lock.json"), '{"lockfileVersion":3}');
  expect(loadCachedZips(root, "recipe-1")).toBeUndefined();
});

test("the same content under a new mtime (a checkout) still hits; a deleted input misses", async () => {
  saveCachedZips(root, "recipe-1", ["a.ts"], zips);
  await utimes(join(root, "a.ts"), new Date(), new Date(Date.now() + 5_000));
  expect(loadCachedZips(root, "recipe-1")).toBeDefined();
  await rm(join(root, "a.ts"));
  expect(loadCachedZips(root, "recipe-1")).toBeUndefined();
});

test("no cache file, or a damaged one, misses", async () => {
  expect(loadCachedZips(root, "recipe-1")).toBeUndefined();
  saveCachedZips(root, "recipe-1", ["a.ts"], zips);
  await writeFile(join(root, "node_modules", ".cache", "orderflow", "lambda-bundles.json"), "{");
  expect(loadCachedZips(root, "recipe-1")).toBeUndefined();
});
