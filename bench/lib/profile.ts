/** The parts of a V8 .cpuprofile (node --cpu-prof) that a summary needs. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  /** Percent of all samples. */
  self: number;
  /** Percent of samples with this frame anywhere on the stack. */
  total: number;
}

/** Where a frame's code lives: an npm package, a Node internal, one of our files, or V8's own. */
export function origin(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(native)";
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  if (url.startsWith("node:")) return "node:internal";
  const ours = url.match(/\/((?:src|lambdas|bench)\/.*)$/);
  return ours ? ours[1]! : url;
}

function frameName(n: CpuProfile["nodes"][number]): string {
  const { functionName, url, lineNumber } = n.callFrame;
  const where = url === "" ? "" : ` ${origin(url, functionName)}:${lineNumber + 1}`;
  return `${functionName || "(anonymous)"}${where}`;
}

/**
 * Self and inclusive shares by key (a function, or the package it lives in). Inclusive counts
 * a sample once per key however deep the recursion, so shares stay ≤ 100%.
 */
export function shares(profile: CpuProfile, by: "function" | "origin"): Share[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (id: number) => {
    const n = byId.get(id)!;
    return by === "function" ? frameName(n) : origin(n.callFrame.url, n.callFrame.functionName);
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const id of profile.samples) {
    const k = key(id);
    self.set(k, (self.get(k) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) seen.add(key(at));
    for (const s of seen) total.set(s, (total.get(s) ?? 0) + 1);
  }
  const n = Math.max(1, profile.samples.length);
  return [...total.keys()]
    .map((name) => ({
      name,
      self: ((self.get(name) ?? 0) * 100) / n,
      total: ((total.get(name) ?? 0) * 100) / n,
    }))
    .sort((a, b) => b.self - a.self);
}

/** Who a sample's time is charged to, tried from the leaf up: the first owner found wins. */
const OWNERS: [string, (origin: string) => boolean][] = [
  ["idle", (o) => o === "(idle)"],
  ["garbage collector", (o) => o === "(garbage collector)"],
  ["emulated SQS (src/cloud/sqs)", (o) => o.startsWith("src/cloud/sqs")],
  [
    "emulated S3 (fauxqs, fastify, src/cloud/s3)",
    (o) =>
      ["fastify", "fauxqs", "find-my-way", "light-my-request", "avvio"].includes(o) ||
      o.startsWith("src/cloud/s3"),
  ],
  [
    "API (src/api, jose, domain)",
    (o) => o.startsWith("src/api") || o === "jose" || o.startsWith("src/domain"),
  ],
  [
    "AWS SDK v3 client (@smithy, @aws-sdk)",
    (o) => o.startsWith("@smithy/") || o.startsWith("@aws-sdk/") || o.startsWith("@aws-crypto/"),
  ],
  ["Lambda runtime and pollers (src/cloud/lambda)", (o) => o.startsWith("src/cloud/lambda")],
  [
    "handler bundle (lambdas/*)",
    (o) => o.includes("orderflow-lambda-") && !o.includes("-runtime-"),
  ],
  ["CloudWatch Logs model", (o) => o.startsWith("src/cloud/logs")],
];

/** Percent of samples per owner; what no rule claims is Node's own I/O and event loop. */
export function owners(profile: CpuProfile): { name: string; share: number }[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const counts = new Map<string, number>();
  for (const id of profile.samples) {
    let owner = "Node internals (sockets, streams, timers)";
    search: for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { url, functionName } = byId.get(at)!.callFrame;
      const o = origin(url, functionName);
      for (const [name, test] of OWNERS) {
        if (test(o)) {
          owner = name;
          break search;
        }
      }
    }
    counts.set(owner, (counts.get(owner) ?? 0) + 1);
  }
  const n = Math.max(1, profile.samples.length);
  return [...counts]
    .map(([name, c]) => ({ name, share: (c * 100) / n }))
    .sort((a, b) => b.share - a.share);
}
