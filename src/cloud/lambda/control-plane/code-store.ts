import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { invalidParameter } from "../errors.ts";
import { makeTempDir, removeTempDir } from "./temp-dirs.ts";
import { unzip } from "./unzip.ts";

export interface UnpackedCode {
  dir: string;
  sha256: string;
  size: number;
}

/** Unpacks each uploaded zip once into its own directory; removes them on delete and stop. */
export class CodeStore {
  private root: string | undefined;
  private counter = 0;

  unpack(functionName: string, zip: Uint8Array): UnpackedCode {
    let files: Record<string, Uint8Array>;
    try {
      files = unzip(zip);
    } catch {
      throw invalidParameter(
        "Could not unzip uploaded file. Please check your file, then try to upload again.",
      );
    }
    const sha256 = createHash("sha256").update(zip).digest("base64");
    this.counter += 1;
    const dir = path.join(this.rootDir(), `${functionName}-${this.counter}`);
    for (const [name, content] of Object.entries(files)) {
      const target = path.resolve(dir, name);
      if (!target.startsWith(dir + path.sep)) {
        throw invalidParameter(`Could not unzip uploaded file: entry ${name} leaves the package.`);
      }
      if (name.endsWith("/")) {
        mkdirSync(target, { recursive: true });
      } else {
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, content);
      }
    }
    mkdirSync(dir, { recursive: true });
    return { dir, sha256, size: zip.byteLength };
  }

  /** Each code version has its own directory, so a function recreated meanwhile is safe. */
  remove(dirs: string[]): void {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }

  stop(): void {
    if (this.root) removeTempDir(this.root);
    this.root = undefined;
  }

  private rootDir(): string {
    this.root ??= makeTempDir("orderflow-lambda-");
    return this.root;
  }
}
