import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// One exit hook for every cloud in the process: a process that ends without stop() (an
// uncaught error, process.exit in a CLI) still leaves no unpacked code behind.
const live = new Set<string>();
let hooked = false;

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  live.add(dir);
  if (!hooked) {
    hooked = true;
    process.once("exit", () => {
      for (const each of live) rmSync(each, { recursive: true, force: true });
    });
  }
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}
