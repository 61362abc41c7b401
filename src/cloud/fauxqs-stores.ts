import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/*
 * fauxqs 2.4.1 exports only `buildApp` and `startFauxqs`; its store classes are not in the
 * package's exports map. We need our own store instances (to hand them to `buildApp` and to
 * inspect queues and objects without going through HTTP), so this one file loads them from
 * the package's dist folder by file URL. If a fauxqs upgrade moves them, only this file changes.
 */

export interface FauxqsMessage {
  messageId: string;
  body: string;
  messageAttributes: Record<
    string,
    { DataType: string; StringValue?: string; BinaryValue?: string }
  >;
  sentTimestamp: number;
  approximateReceiveCount: number;
  approximateFirstReceiveTimestamp?: number;
  delayUntil?: number;
  /** Set by our patch when a redrive moves the message to a dead-letter queue. */
  deadLetterQueueSourceArn?: string;
}

export interface FauxqsQueueSnapshot {
  name: string;
  url: string;
  arn: string;
  attributes: Record<string, string>;
  messages: {
    ready: FauxqsMessage[];
    delayed: FauxqsMessage[];
    inflight: { message: FauxqsMessage; receiptHandle: string; visibilityDeadline: number }[];
  };
}

/** fauxqs' SQLite persistence (dist/persistence.js), as far as we use it. */
export interface FauxqsPersistence {
  load(sqsStore: FauxqsSqsStore, snsStore: object, s3Store: FauxqsS3Store): void;
  close(): void;
}

export interface FauxqsSqsQueue {
  name: string;
  url: string;
  persistence?: FauxqsPersistence;
}

export interface FauxqsSqsStore {
  host: string;
  persistence?: FauxqsPersistence;
  allQueues(): IterableIterator<FauxqsSqsQueue>;
  /** Keyed by queue URL. */
  queues: Map<string, FauxqsSqsQueue>;
  inspectQueue(name: string): FauxqsQueueSnapshot | undefined;
  shutdown(): void;
}

export interface FauxqsS3Object {
  key: string;
  etag: string;
}

export interface FauxqsS3Store {
  persistence?: FauxqsPersistence;
  hasBucket(name: string): boolean;
  headObject(bucket: string, key: string): FauxqsS3Object;
}

export interface FauxqsStores {
  sqsStore: FauxqsSqsStore;
  snsStore: object;
  s3Store: FauxqsS3Store;
  /** Set when the stores persist to a data directory; closes its database. */
  persistence?: FauxqsPersistence;
}

/** The directory of the installed fauxqs package (the one holding its package.json). */
export function fauxqsPackageDir(): string {
  const resolve = (import.meta as { resolve?: (specifier: string) => string }).resolve;
  if (typeof resolve === "function") {
    try {
      return packageRootOf(fileURLToPath(resolve("fauxqs")));
    } catch {
      // Some loaders (Jest's ESM runtime) lack import.meta.resolve: fall back to a lookup.
    }
  }
  return findInNodeModules(dirname(fileURLToPath(import.meta.url)));
}

function packageRootOf(entryFile: string): string {
  let dir = dirname(entryFile);
  while (!existsSync(join(dir, "package.json"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`fauxqs: no package.json above ${entryFile}`);
    dir = parent;
  }
  return dir;
}

function findInNodeModules(start: string): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, "node_modules", "fauxqs");
    if (existsSync(join(candidate, "package.json"))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error("fauxqs is not installed (run npm ci)");
    dir = parent;
  }
}

async function loadClass<T, A extends unknown[] = []>(
  file: string,
  name: string,
): Promise<new (...args: A) => T> {
  const url = pathToFileURL(join(fauxqsPackageDir(), "dist", file)).href;
  const mod = (await import(url)) as Record<string, unknown>;
  const ctor = mod[name];
  if (typeof ctor !== "function") throw new Error(`fauxqs: ${file} has no export ${name}`);
  return ctor as new (...args: A) => T;
}

/**
 * SQS, SNS and S3 stores, to be passed to fauxqs' `buildApp({ stores })`: fresh ones, or with
 * a data directory, those saved there (fauxqs' SQLite file) and saving every change to it.
 */
export async function createFauxqsStores(
  options: { dataDir?: string } = {},
): Promise<FauxqsStores> {
  const [Sqs, Sns, S3] = await Promise.all([
    loadClass<FauxqsSqsStore>("sqs/sqsStore.js", "SqsStore"),
    loadClass<object>("sns/snsStore.js", "SnsStore"),
    loadClass<FauxqsS3Store>("s3/s3Store.js", "S3Store"),
  ]);
  const stores: FauxqsStores = { sqsStore: new Sqs(), snsStore: new Sns(), s3Store: new S3() };
  if (options.dataDir === undefined) return stores;
  const Persistence = await loadClass<FauxqsPersistence, [string]>(
    "persistence.js",
    "PersistenceManager",
  );
  const persistence = new Persistence(options.dataDir);
  // As fauxqs' own startFauxqs does: load first, then attach, so that loading does not write
  // every row back (a queue re-inserted with INSERT OR REPLACE would cascade-delete its messages).
  persistence.load(stores.sqsStore, stores.snsStore, stores.s3Store);
  stores.sqsStore.persistence = persistence;
  (stores.snsStore as { persistence?: FauxqsPersistence }).persistence = persistence;
  for (const queue of stores.sqsStore.allQueues()) queue.persistence = persistence;
  stores.s3Store.persistence = persistence;
  stores.persistence = persistence;
  return stores;
}

/**
 * A queue's URL is stored with the port it was created on; after a restart on another port
 * (--cloud-port 0) GetQueueUrl would hand out a dead address. Only the in-memory URL changes.
 */
export function rehostQueues(sqsStore: FauxqsSqsStore, endpoint: string): void {
  for (const queue of [...sqsStore.allQueues()]) {
    const url = endpoint + queue.url.replace(/^https?:\/\/[^/]+/, "");
    if (queue.url === url) continue;
    sqsStore.queues.delete(queue.url);
    queue.url = url;
    sqsStore.queues.set(url, queue);
  }
}
