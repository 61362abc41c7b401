/** Something one step saw, kept for a later step of the same scenario to compare with. */
export class Remembered<T> {
  private value: T | undefined;
  private readonly what: string;

  constructor(what: string) {
    this.what = what;
  }

  set(value: T): void {
    this.value = value;
  }

  /** The value an earlier step kept; an error naming it when no step did. */
  get(): T {
    if (this.value === undefined)
      throw new Error(`the scenario has not seen ${this.what}: an earlier step should have`);
    return this.value;
  }
}
