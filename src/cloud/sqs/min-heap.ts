/** A binary min-heap on a numeric key; entries that went stale are skipped by the caller. */
export class MinHeap<T> {
  private readonly keys: number[] = [];
  private readonly items: T[] = [];

  get size(): number {
    return this.items.length;
  }

  push(key: number, item: T): void {
    this.keys.push(key);
    this.items.push(item);
    this.up(this.items.length - 1);
  }

  peekKey(): number | undefined {
    return this.keys[0];
  }

  peek(): T | undefined {
    return this.items[0];
  }

  pop(): T | undefined {
    const top = this.items[0];
    const lastKey = this.keys.pop();
    const lastItem = this.items.pop();
    if (this.items.length > 0 && lastKey !== undefined && lastItem !== undefined) {
      this.keys[0] = lastKey;
      this.items[0] = lastItem;
      this.down(0);
    }
    return top;
  }

  clear(): void {
    this.keys.length = 0;
    this.items.length = 0;
  }

  private up(at: number): void {
    const key = this.keys[at] as number;
    const item = this.items[at] as T;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((this.keys[parent] as number) <= key) break;
      this.keys[at] = this.keys[parent] as number;
      this.items[at] = this.items[parent] as T;
      at = parent;
    }
    this.keys[at] = key;
    this.items[at] = item;
  }

  private down(at: number): void {
    const n = this.items.length;
    const key = this.keys[at] as number;
    const item = this.items[at] as T;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= n) break;
      const right = left + 1;
      const child =
        right < n && (this.keys[right] as number) < (this.keys[left] as number) ? right : left;
      if ((this.keys[child] as number) >= key) break;
      this.keys[at] = this.keys[child] as number;
      this.items[at] = this.items[child] as T;
      at = child;
    }
    this.keys[at] = key;
    this.items[at] = item;
  }
}
