/*
 * The SQS model: the queues of one account in one region, their settings, tags and policies.
 * Messages are sent, received and deleted through messages.ts; every change goes through
 * `write`, which with a data directory is one SQLite transaction committed before the caller
 * answers.
 */
import type { Clock } from "../clock.ts";
import { queueDoesNotExist, SqsError, unknownAttribute } from "./errors.ts";
import type { DedupEntry, QueueSettings, SqsJournal } from "./journal.ts";
import {
  addPermission,
  checkTags,
  removePermission,
  type PermissionRequest,
} from "./permissions.ts";
import {
  applyAttributes,
  COMPUTED_ATTRIBUTES,
  defaultAttributes,
  normalizeAttributes,
  READABLE_ATTRIBUTES,
} from "./queue-attributes.ts";
import { checkQueueName, parseQueueArn, partitionOf, queueArn } from "./queue-names.ts";
import { Queue } from "./queue.ts";
import { allowsSource, parseRedriveAllowPolicy, parseRedrivePolicy } from "./redrive-policy.ts";
import { arriving } from "./stored-message.ts";

export interface SqsModelOptions {
  clock: Clock;
  region: string;
  accountId: string;
  journal?: SqsJournal;
}

/** AWS refuses a deleted queue's name, and a second purge, for this long. */
export const COOL_DOWN_MS = 60_000;

export class SqsModel {
  readonly clock: Clock;
  readonly region: string;
  readonly accountId: string;
  readonly partition: string;
  private readonly journal: SqsJournal | undefined;
  private readonly queues = new Map<string, Queue>();
  private readonly deleted = new Map<string, number>();
  private seq = 0;
  private fifoSequence = 0n;

  constructor(options: SqsModelOptions) {
    this.clock = options.clock;
    this.region = options.region;
    this.accountId = options.accountId;
    this.partition = partitionOf(options.region);
    this.journal = options.journal;
    // FIFO sequence numbers are 20-digit numbers that only ever grow, across restarts too.
    this.fifoSequence = BigInt(Math.floor(this.clock.now() / 1000)) << 33n;
    if (this.journal) this.restore(this.journal);
  }

  /** Runs a change, durably when the cloud keeps its data on disk. */
  write<T>(work: () => T): T {
    return this.journal ? this.journal.transaction(work) : work();
  }

  nextSeq = (): number => ++this.seq;

  nextSequenceNumber(): string {
    this.fifoSequence += 1n;
    return this.fifoSequence.toString().padStart(20, "0");
  }

  queue(name: string): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  findQueue(name: string): Queue | undefined {
    return this.queues.get(name);
  }

  queueByArn(arn: string): Queue | undefined {
    const parsed = parseQueueArn(arn);
    if (!parsed || parsed.accountId !== this.accountId || parsed.region !== this.region)
      return undefined;
    return this.queues.get(parsed.name);
  }

  /** Queues in name order, optionally those whose name starts with `prefix`. */
  listQueues(prefix = ""): Queue[] {
    return [...this.queues.values()]
      .filter((q) => q.name.startsWith(prefix))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  createQueue(
    name: string,
    attributes: Record<string, string> = {},
    tags: Record<string, string> = {},
  ): Queue {
    const existing = this.queues.get(name);
    const fifo = (attributes.FifoQueue ?? "").toLowerCase() === "true";
    if (existing) {
      this.checkSameAttributes(existing, attributes);
      return existing;
    }
    checkQueueName(name, fifo);
    const now = this.clock.now();
    const deletedAt = this.deleted.get(name);
    if (deletedAt !== undefined && now - deletedAt < COOL_DOWN_MS) {
      throw new SqsError(
        "QueueDeletedRecently",
        "You must wait 60 seconds after deleting a queue before you can create another with the same name.",
      );
    }
    const arn = queueArn(this.region, this.accountId, name);
    const given = this.normalize(attributes, fifo, arn);
    checkTags({}, tags, name);
    const settings: QueueSettings = {
      name,
      arn,
      fifo,
      attributes: applyAttributes(defaultAttributes(fifo), given),
      tags: { ...tags },
      createdTimestamp: now,
      lastModifiedTimestamp: now,
      dedupScope: given.DeduplicationScope ?? "queue",
    };
    return this.write(() => {
      const queue = this.open(settings);
      this.journal?.putQueue(settings);
      return queue;
    });
  }

  deleteQueue(queue: Queue): void {
    const now = this.clock.now();
    this.write(() => {
      this.queues.delete(queue.name);
      this.deleted.set(queue.name, now);
      this.journal?.deleteQueue(queue.name, now);
    });
    queue.close();
  }

  /** GetQueueAttributes: the named attributes (or All) that this queue has. */
  attributes(queue: Queue, names: string[]): Record<string, string> {
    for (const name of names) if (!READABLE_ATTRIBUTES.has(name)) throw unknownAttribute(name);
    const wanted = names.includes("All")
      ? [...Object.keys(queue.settings.attributes), ...COMPUTED_ATTRIBUTES]
      : names;
    const counts = queue.counts(this.clock.now());
    const computed: Record<string, string> = {
      ApproximateNumberOfMessages: String(counts.ready),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      ApproximateNumberOfMessagesNotVisible: String(counts.inflight),
      CreatedTimestamp: String(Math.floor(queue.settings.createdTimestamp / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.settings.lastModifiedTimestamp / 1000)),
      QueueArn: queue.arn,
    };
    const out: Record<string, string> = {};
    for (const name of wanted) {
      const value = computed[name] ?? queue.attribute(name);
      if (value !== undefined) out[name] = value;
    }
    return out;
  }

  setAttributes(queue: Queue, attributes: Record<string, string>): void {
    const changes = this.normalize(attributes, queue.fifo, queue.arn);
    const settings = queue.settings;
    const delayBefore = settings.attributes.DelaySeconds;
    const now = this.clock.now();
    this.write(() => {
      settings.attributes = applyAttributes(settings.attributes, changes);
      settings.lastModifiedTimestamp = now;
      this.journal?.putQueue(settings);
      if (queue.fifo && settings.attributes.DelaySeconds !== delayBefore) queue.redelay(now);
    });
  }

  tag(queue: Queue, tags: Record<string, string>): void {
    checkTags(queue.settings.tags, tags, queue.name);
    this.saveSettings(queue, () => Object.assign(queue.settings.tags, tags));
  }

  untag(queue: Queue, keys: string[]): void {
    this.saveSettings(queue, () => {
      for (const key of keys) delete queue.settings.tags[key];
    });
  }

  addPermission(queue: Queue, request: Omit<PermissionRequest, "partition">): void {
    const policy = addPermission(queue.attribute("Policy"), queue.arn, {
      ...request,
      partition: this.partition,
    });
    this.saveSettings(queue, () => {
      queue.settings.attributes.Policy = policy;
    });
  }

  removePermission(queue: Queue, label: string): void {
    const policy = removePermission(queue.attribute("Policy"), queue.arn, label);
    this.saveSettings(queue, () => {
      if (policy === undefined) delete queue.settings.attributes.Policy;
      else queue.settings.attributes.Policy = policy;
    });
  }

  /** The queues whose redrive policy names this one as their dead-letter queue. */
  deadLetterSources(queue: Queue): Queue[] {
    return this.listQueues().filter((q) => q.redrivePolicy?.deadLetterTargetArn === queue.arn);
  }

  purge(queue: Queue): void {
    const now = this.clock.now();
    const last = queue.settings.lastPurge;
    if (last !== undefined && now - last < COOL_DOWN_MS) {
      throw new SqsError(
        "PurgeQueueInProgress",
        `Only one PurgeQueue operation on ${queue.name} is allowed every 60 seconds.`,
      );
    }
    this.saveSettings(queue, () => {
      queue.settings.lastPurge = now;
      queue.purge();
      queue.dedup.clear();
      this.journal?.clearDedup(queue.name);
    });
  }

  rememberDedup(queue: Queue, entry: DedupEntry): void {
    queue.dedup.set(entry.key, entry);
    this.journal?.putDedup(queue.name, entry);
  }

  /** Ends every long poll; the model is not used afterwards. */
  close(): void {
    for (const queue of this.queues.values()) queue.close();
    this.journal?.close();
  }

  private saveSettings(queue: Queue, change: () => void): void {
    this.write(() => {
      change();
      this.journal?.putQueue(queue.settings);
    });
  }

  private open(settings: QueueSettings): Queue {
    const queue = new Queue(
      settings,
      this.clock,
      this.nextSeq,
      this.journal?.forQueue(settings.name),
    );
    this.queues.set(settings.name, queue);
    return queue;
  }

  private normalize(
    attributes: Record<string, string>,
    fifo: boolean,
    arn: string,
  ): Record<string, string> {
    const out = normalizeAttributes(attributes, fifo);
    if (out.RedrivePolicy) {
      out.RedrivePolicy = parseRedrivePolicy(out.RedrivePolicy, arn, fifo, (target) => {
        const dlq = this.queueByArn(target);
        return (
          dlq && {
            fifo: dlq.fifo,
            allows: (source) => allowsSource(dlq.attribute("RedriveAllowPolicy"), source),
          }
        );
      });
    }
    if (out.RedriveAllowPolicy)
      out.RedriveAllowPolicy = parseRedriveAllowPolicy(out.RedriveAllowPolicy);
    return out;
  }

  private checkSameAttributes(queue: Queue, attributes: Record<string, string>): void {
    const given = this.normalize(attributes, queue.fifo, queue.arn);
    for (const [name, value] of Object.entries(given)) {
      if ((queue.attribute(name) ?? "") !== value) {
        throw new SqsError(
          "QueueNameExists",
          `A queue already exists with the same name and a different value for attribute ${name}`,
        );
      }
    }
  }

  private restore(journal: SqsJournal): void {
    const state = journal.load();
    const now = this.clock.now();
    for (const { name, at } of state.deleted)
      if (now - at < COOL_DOWN_MS) this.deleted.set(name, at);
    for (const settings of state.queues) this.open(settings);
    for (const row of state.messages) {
      const queue = this.queues.get(row.queue);
      if (!queue) continue;
      this.seq = Math.max(this.seq, row.seq);
      const seq = row.content.sequenceNumber;
      if (seq !== undefined && BigInt(seq) > this.fifoSequence) this.fifoSequence = BigInt(seq);
      queue.restore(arriving({ ...row.content, ...row.progress }, row.seq), now);
    }
    for (const { queue, entry } of state.dedup) this.queues.get(queue)?.dedup.set(entry.key, entry);
  }
}
