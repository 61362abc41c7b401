// Summarises V8 CPU profiles: `node bench/profile-summary.ts DIR_OR_FILES... [--top N]`.
// Use with `npm run bench -- --profile DIR` (profiles the system under test) or node --cpu-prof.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { owners, shares, type CpuProfile, type Share } from "./lib/profile.ts";

function files(paths: string[]): string[] {
  return paths.flatMap((p) =>
    statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => f.endsWith(".cpuprofile"))
          .map((f) => join(p, f))
      : [p],
  );
}

function print(title: string, list: Share[], top: number): void {
  console.log(`  ${title}`);
  for (const s of list.slice(0, top)) {
    console.log(
      `    ${s.self.toFixed(1).padStart(5)}% self  ${s.total.toFixed(1).padStart(5)}% total  ${s.name}`,
    );
  }
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: "string" } },
});
const top = Number(values.top ?? 15);
for (const file of files(positionals)) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const ms = profile.timeDeltas.reduce((a, b) => a + b, 0) / 1000;
  console.log(`${file}: ${profile.samples.length} samples over ${Math.round(ms)} ms`);
  console.log("  by owner (leaf-most known frame)");
  for (const o of owners(profile)) console.log(`    ${o.share.toFixed(1).padStart(5)}%  ${o.name}`);
  print("by package / file", shares(profile, "origin"), top);
  print("by function", shares(profile, "function"), top);
}
