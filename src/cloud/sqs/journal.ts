// What the model writes to disk when the cloud keeps its data (persistence.ts implements it).
import type { MessageContent, MessageProgress, StoredMessage } from "./stored-message.ts";

/** A FIFO deduplication record: a repeat within five minutes gets the first send's answer. */
export interface DedupEntry {
  key: string;
  messageId: string;
  sequenceNumber: string;
  expires: number;
}

export interface StoredRow {
  queue: string;
  seq: number;
  content: MessageContent;
  progress: MessageProgress;
}

export interface LoadedState {
  queues: QueueSettings[];
  messages: StoredRow[];
  dedup: { queue: string; entry: DedupEntry }[];
  /** Queue names deleted less than a minute before, with when. */
  deleted: { name: string; at: number }[];
}

export interface SqsJournal {
  /** Runs `work` as one transaction: all its writes reach the disk together, before it returns. */
  transaction<T>(work: () => T): T;
  putQueue(settings: QueueSettings): void;
  deleteQueue(name: string, at: number): void;
  forQueue(name: string): QueueJournal;
  putDedup(queue: string, entry: DedupEntry): void;
  clearDedup(queue: string): void;
  load(): LoadedState;
  close(): void;
}

/** Where a queue's changes are written, when the cloud keeps its data on disk. */
export interface QueueJournal {
  putMessage(m: StoredMessage): void;
  progress(m: StoredMessage): void;
  deleteMessage(id: string): void;
  clearMessages(): void;
}

export interface QueueSettings {
  name: string;
  arn: string;
  fifo: boolean;
  attributes: Record<string, string>;
  tags: Record<string, string>;
  createdTimestamp: number;
  lastModifiedTimestamp: number;
  /** FIFO deduplication scope, fixed when the queue was created (changing it later has no effect on AWS). */
  dedupScope: string;
  lastPurge?: number;
}
