import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { makeTempDir, removeTempDir } from "./temp-dirs.ts";

test("a process that exits without cleaning up still removes its temp dirs", () => {
  const module = fileURLToPath(new URL("./temp-dirs.ts", import.meta.url));
  const script = `import { makeTempDir } from ${JSON.stringify(module)};
    const dir = makeTempDir("orderflow-test-");
    console.log(dir);
    process.exit(0);`;
  const dir = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
  }).trim();
  expect(dir).toContain("orderflow-test-");
  expect(existsSync(dir)).toBe(false);
});

test("removeTempDir removes at once", () => {
  const dir = makeTempDir("orderflow-test-");
  expect(existsSync(dir)).toBe(true);
  removeTempDir(dir);
  expect(existsSync(dir)).toBe(false);
});
