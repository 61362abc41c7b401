import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import type { Figures } from "./runner.ts";
import type { Row } from "./table.ts";

export interface Machine {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  platform: string;
  arch: string;
  /** 1-minute load average when the run started: a busy machine explains noisy figures. */
  loadAverage1m: number;
}

export interface Results {
  benchmark: string;
  date: string;
  node: string;
  commit: string;
  machine: Machine;
  settings: Record<string, unknown>;
  /** Medians over the runs, named as in the table. */
  figures: Figures;
  table: Row[];
  /** Every run's raw figures and any per-benchmark detail (latency curve, steps). */
  details: Record<string, unknown>;
}

export function machineInfo(): Machine {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: os.platform(),
    arch: os.arch(),
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** HEAD's commit, marked "+dirty" when the work tree has changes the figures may depend on. */
export function gitCommit(cwd = process.cwd()): string {
  try {
    const git = (args: string[]) =>
      execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const head = git(["rev-parse", "HEAD"]).trim();
    const status = git(["status", "--porcelain"]);
    return status.trim() === "" ? head : `${head}+dirty`;
  } catch {
    return "unknown";
  }
}

export function buildResults(
  input: Omit<Results, "date" | "node" | "commit" | "machine">,
  now = new Date(),
): Results {
  return {
    benchmark: input.benchmark,
    date: now.toISOString(),
    node: process.version,
    commit: gitCommit(),
    machine: machineInfo(),
    settings: input.settings,
    figures: input.figures,
    table: input.table,
    details: input.details,
  };
}

export function writeResults(path: string, results: Results): void {
  writeFileSync(path, JSON.stringify(results, null, 2) + "\n");
}
