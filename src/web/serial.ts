// One task at a time, in arrival order: builds are CPU-bound, and the machine's cores are better
// spent finishing one than interleaving several.

/** Runs at most one task at a time, in arrival order; `waiting` counts tasks not yet started. */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();
  waiting = 0;
  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting++;
    const p = this.tail.then(
      () => {
        this.waiting--;
        return task();
      },
      () => {
        this.waiting--;
        return task();
      },
    );
    this.tail = p.catch(() => undefined);
    return p;
  }
}
