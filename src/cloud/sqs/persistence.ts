/*
 * Queues and messages kept in a SQLite file (node:sqlite), written before each answer: an
 * acknowledged SendMessage survives the process being killed. In WAL mode a committed
 * transaction is in the operating system's hands once COMMIT returns, which is all a process
 * kill needs; `synchronous: "FULL"` also waits for the disk (a power cut), at a cost measured
 * in docs/embedded-cloud-sqs.md.
 */
import { mkdirSync } from "node:fs";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { join } from "node:path";
import type {
  DedupEntry,
  LoadedState,
  QueueJournal,
  QueueSettings,
  SqsJournal,
} from "./journal.ts";
import {
  contentOf,
  progressOf,
  type MessageContent,
  type MessageProgress,
} from "./stored-message.ts";

export interface JournalOptions {
  synchronous?: "NORMAL" | "FULL";
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS sqs_queues (name TEXT PRIMARY KEY, settings TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sqs_messages (
  queue TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,
  content TEXT NOT NULL, progress TEXT NOT NULL,
  PRIMARY KEY (queue, id)
);
CREATE TABLE IF NOT EXISTS sqs_dedup (
  queue TEXT NOT NULL, key TEXT NOT NULL, entry TEXT NOT NULL, expires INTEGER NOT NULL,
  PRIMARY KEY (queue, key)
);
CREATE TABLE IF NOT EXISTS sqs_deleted (name TEXT PRIMARY KEY, at INTEGER NOT NULL);
`;

export const SQS_DATA_FILE = "sqs.sqlite";

export function openJournal(dataDir: string, options: JournalOptions = {}): SqsJournal {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, SQS_DATA_FILE));
  db.exec("PRAGMA journal_mode = WAL");
  db.exec(`PRAGMA synchronous = ${options.synchronous ?? "NORMAL"}`);
  db.exec(SCHEMA);
  const sql = (text: string): StatementSync => db.prepare(text);
  const s = {
    putQueue: sql(
      "INSERT INTO sqs_queues (name, settings) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET settings = excluded.settings",
    ),
    deleteQueue: sql("DELETE FROM sqs_queues WHERE name = ?"),
    markDeleted: sql("INSERT OR REPLACE INTO sqs_deleted (name, at) VALUES (?, ?)"),
    unmarkDeleted: sql("DELETE FROM sqs_deleted WHERE name = ?"),
    putMessage: sql(
      "INSERT OR REPLACE INTO sqs_messages (queue, id, seq, content, progress) VALUES (?, ?, ?, ?, ?)",
    ),
    progress: sql("UPDATE sqs_messages SET progress = ? WHERE queue = ? AND id = ?"),
    deleteMessage: sql("DELETE FROM sqs_messages WHERE queue = ? AND id = ?"),
    clearMessages: sql("DELETE FROM sqs_messages WHERE queue = ?"),
    putDedup: sql(
      "INSERT OR REPLACE INTO sqs_dedup (queue, key, entry, expires) VALUES (?, ?, ?, ?)",
    ),
    pruneDedup: sql("DELETE FROM sqs_dedup WHERE queue = ? AND expires <= ?"),
    clearDedup: sql("DELETE FROM sqs_dedup WHERE queue = ?"),
  };
  let depth = 0;

  const forQueue = (queue: string): QueueJournal => ({
    putMessage(m) {
      s.putMessage.run(
        queue,
        m.id,
        m.seq,
        JSON.stringify(contentOf(m)),
        JSON.stringify(progressOf(m)),
      );
    },
    progress(m) {
      s.progress.run(JSON.stringify(progressOf(m)), queue, m.id);
    },
    deleteMessage(id) {
      s.deleteMessage.run(queue, id);
    },
    clearMessages() {
      s.clearMessages.run(queue);
    },
  });

  return {
    transaction<T>(work: () => T): T {
      if (depth > 0) return work();
      db.exec("BEGIN");
      depth++;
      try {
        const result = work();
        db.exec("COMMIT");
        return result;
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      } finally {
        depth--;
      }
    },
    putQueue(settings: QueueSettings) {
      s.putQueue.run(settings.name, JSON.stringify(settings));
      s.unmarkDeleted.run(settings.name);
    },
    deleteQueue(name: string, at: number) {
      s.deleteQueue.run(name);
      s.clearMessages.run(name);
      s.clearDedup.run(name);
      s.markDeleted.run(name, at);
    },
    forQueue,
    putDedup(queue: string, entry: DedupEntry) {
      s.pruneDedup.run(queue, entry.expires - 5 * 60_000);
      s.putDedup.run(queue, entry.key, JSON.stringify(entry), entry.expires);
    },
    clearDedup(queue: string) {
      s.clearDedup.run(queue);
    },
    load(): LoadedState {
      const rows = <T>(text: string) => db.prepare(text).all() as T[];
      return {
        queues: rows<{ settings: string }>("SELECT settings FROM sqs_queues").map(
          (r) => JSON.parse(r.settings) as QueueSettings,
        ),
        messages: rows<{ queue: string; seq: number; content: string; progress: string }>(
          "SELECT queue, seq, content, progress FROM sqs_messages ORDER BY seq",
        ).map((r) => ({
          queue: r.queue,
          seq: Number(r.seq),
          content: JSON.parse(r.content) as MessageContent,
          progress: JSON.parse(r.progress) as MessageProgress,
        })),
        dedup: rows<{ queue: string; entry: string }>("SELECT queue, entry FROM sqs_dedup").map(
          (r) => ({
            queue: r.queue,
            entry: JSON.parse(r.entry) as DedupEntry,
          }),
        ),
        deleted: rows<{ name: string; at: number }>("SELECT name, at FROM sqs_deleted").map(
          (r) => ({
            name: r.name,
            at: Number(r.at),
          }),
        ),
      };
    },
    close() {
      if (db.isOpen) db.close();
    },
  };
}
