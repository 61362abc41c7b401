/*
 * The messages a receive may take, in the order it takes them.
 *
 * Standard queues: oldest arrival first; a message whose visibility ran out goes back to its
 * old place (AWS delivers it before messages sent after it).
 *
 * FIFO queues: strict order within a message group, and nothing of a group after a message
 * that is in flight. Groups are served by the position of their first deliverable message,
 * which for a message that became visible again is the moment it did: that is how AWS orders
 * groups after a visibility timeout, a zero-second receive or a delete (recorded by LocalStack's
 * AWS-validated FIFO ordering tests).
 */
import { MinHeap } from "./min-heap.ts";
import type { StoredMessage } from "./stored-message.ts";

/** Called for each candidate in delivery order; true when the receive took it. */
export type Consider = (m: StoredMessage) => boolean;

export interface ReadySet {
  readonly size: number;
  add(m: StoredMessage): void;
  /** Offers up to `max` takeable messages to `consider`; each one offered leaves the set. */
  take(max: number, consider: Consider): void;
  /** A ready message left by other means (deleted, purged). */
  remove(m: StoredMessage): void;
  inflightChanged(m: StoredMessage, inflight: boolean): void;
  /** Whether a ready message would be delivered now (FIFO: not blocked behind its group). */
  deliverable(m: StoredMessage): boolean;
  clear(): void;
}

export class StandardReady implements ReadySet {
  private readonly heap = new MinHeap<StoredMessage>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(m: StoredMessage): void {
    this.heap.push(m.seq, m);
    this.count++;
  }

  take(max: number, consider: Consider): void {
    let taken = 0;
    while (taken < max && this.count > 0) {
      const m = this.heap.pop();
      if (!m) break;
      if (m.state !== "ready") continue;
      this.count--;
      if (consider(m)) taken++;
    }
  }

  remove(m: StoredMessage): void {
    // The heap entry goes when it reaches the top; the message is no longer "ready" by then.
    if (m.state === "ready") this.count--;
  }

  inflightChanged(): void {}

  deliverable(): boolean {
    return true;
  }

  clear(): void {
    this.heap.clear();
    this.count = 0;
  }
}

interface Group {
  ready: StoredMessage[];
  inflight: Set<StoredMessage>;
}

function insertBySeq(list: StoredMessage[], m: StoredMessage): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as StoredMessage).seq < m.seq) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, m);
}

export class FifoReady implements ReadySet {
  private readonly groups = new Map<string, Group>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  private group(id: string): Group {
    let g = this.groups.get(id);
    if (!g) {
      g = { ready: [], inflight: new Set() };
      this.groups.set(id, g);
    }
    return g;
  }

  private dropIfEmpty(id: string, g: Group): void {
    if (g.ready.length === 0 && g.inflight.size === 0) this.groups.delete(id);
  }

  /** Ready messages of a group before this sequence number may be delivered. */
  private limit(g: Group): number {
    let min = Infinity;
    for (const m of g.inflight) if (m.seq < min) min = m.seq;
    return min;
  }

  add(m: StoredMessage): void {
    insertBySeq(this.group(m.groupId ?? "").ready, m);
    this.count++;
  }

  take(max: number, consider: Consider): void {
    const open: { g: Group; id: string; limit: number }[] = [];
    for (const [id, g] of this.groups) {
      const limit = this.limit(g);
      if (g.ready.length > 0 && (g.ready[0] as StoredMessage).seq < limit)
        open.push({ g, id, limit });
    }
    open.sort(
      (a, b) => (a.g.ready[0] as StoredMessage).orderKey - (b.g.ready[0] as StoredMessage).orderKey,
    );
    let taken = 0;
    for (const { g, id, limit } of open) {
      while (taken < max && g.ready.length > 0 && (g.ready[0] as StoredMessage).seq < limit) {
        const m = g.ready.shift() as StoredMessage;
        this.count--;
        if (consider(m)) taken++;
      }
      this.dropIfEmpty(id, g);
      if (taken >= max) break;
    }
  }

  remove(m: StoredMessage): void {
    const id = m.groupId ?? "";
    const g = this.groups.get(id);
    if (!g) return;
    const at = g.ready.indexOf(m);
    if (at >= 0) {
      g.ready.splice(at, 1);
      this.count--;
    }
    g.inflight.delete(m);
    this.dropIfEmpty(id, g);
  }

  inflightChanged(m: StoredMessage, inflight: boolean): void {
    const id = m.groupId ?? "";
    const g = this.group(id);
    if (inflight) g.inflight.add(m);
    else g.inflight.delete(m);
    this.dropIfEmpty(id, g);
  }

  deliverable(m: StoredMessage): boolean {
    const g = this.groups.get(m.groupId ?? "");
    return g !== undefined && m.seq < this.limit(g);
  }

  clear(): void {
    this.groups.clear();
    this.count = 0;
  }
}
