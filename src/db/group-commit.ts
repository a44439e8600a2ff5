// Group commit: many concurrent writers share one transaction instead of paying one each.
// Callers submit an item and wait; items that arrive while a batch is being written (or within
// the same turn of the event loop) are written together in the next one, so a lone request is
// written at once and a flood is written in a few large transactions. Each submitter is answered
// only after its batch has committed. A batch that fails is written again item by item, so one
// bad item fails alone and its batch-mates still commit.
import { AppError } from '../domain/errors.ts';

export interface GroupCommitOptions<I, R> {
  /** writes the items in one transaction; one result per item, in the same order */
  write(items: I[]): Promise<R[]>;
  /** items of different groups never share a batch (e.g. the company, whose transaction it is) */
  groupOf(item: I): string;
  /** most items per batch */
  maxBatch: number;
  /** batches written at the same time (1 on a single-connection database) */
  concurrency: number;
  /** most items waiting; beyond it submit() refuses with a retryable 503 */
  maxPending: number;
}

interface Entry<I, R> {
  item: I;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export class GroupCommit<I, R> {
  readonly #options: GroupCommitOptions<I, R>;
  /** waiting entries by group, oldest group first */
  readonly #pending = new Map<string, Entry<I, R>[]>();
  #waiting = 0;
  #running = 0;
  #scheduled = false;
  #closed = false;
  #drained: (() => void) | undefined;
  readonly #stats = { batches: 0, items: 0, fallbacks: 0 };

  constructor(options: GroupCommitOptions<I, R>) {
    if (options.maxBatch < 1 || options.concurrency < 1) throw new AppError('group_commit.invalid', 'maxBatch and concurrency must be at least 1');
    this.#options = options;
  }

  /** Resolves with the item's result once its batch has committed; rejects with its own error. */
  submit(item: I): Promise<R> {
    if (this.#closed) return Promise.reject(new AppError('intake.closed', 'Mentor is shutting down and accepts no more calls here; send the call again in a moment.', { status: 503, retryable: true }));
    if (this.#waiting >= this.#options.maxPending) {
      return Promise.reject(new AppError('intake.busy', `More than ${this.#options.maxPending} calls are waiting to be saved; send this one again in a few seconds.`, { status: 503, retryable: true }));
    }
    return new Promise<R>((resolve, reject) => {
      const group = this.#options.groupOf(item);
      const list = this.#pending.get(group);
      if (list) list.push({ item, resolve, reject });
      else this.#pending.set(group, [{ item, resolve, reject }]);
      this.#waiting++;
      this.#schedule();
    });
  }

  /** Stops taking items and resolves when every submitted item has been written or refused. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#waiting === 0 && this.#running === 0) return;
    await new Promise<void>((resolve) => {
      this.#drained = resolve;
    });
  }

  /** Batches written, items in them, and batches that fell back to one by one (for metrics and benches). */
  stats(): { batches: number; items: number; fallbacks: number; waiting: number } {
    return { ...this.#stats, waiting: this.#waiting };
  }

  // the pump runs after the current I/O callbacks (setImmediate), so requests parsed in the same
  // turn of the event loop share the first batch instead of the first one going alone
  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#running < this.#options.concurrency && this.#waiting > 0) {
      const [group, list] = this.#pending.entries().next().value as [string, Entry<I, R>[]];
      const batch = list.splice(0, this.#options.maxBatch);
      if (list.length === 0) this.#pending.delete(group);
      else {
        // round robin: the group goes to the back so one busy company does not starve others
        this.#pending.delete(group);
        this.#pending.set(group, list);
      }
      this.#waiting -= batch.length;
      this.#running++;
      this.#stats.batches++;
      this.#stats.items += batch.length;
      void this.#flush(batch).finally(() => {
        this.#running--;
        if (this.#waiting > 0) this.#pump();
        else if (this.#running === 0) this.#drained?.();
      });
    }
  }

  async #flush(batch: Entry<I, R>[]): Promise<void> {
    let results: R[];
    try {
      results = await this.#options.write(batch.map((entry) => entry.item));
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else {
        this.#stats.fallbacks++;
        await this.#oneByOne(batch);
      }
      return;
    }
    if (results.length !== batch.length) {
      // committed, but the answers cannot be paired with the requests: a bug, not a retry case
      const error = new AppError('group_commit.result_mismatch', `A batch of ${batch.length} items returned ${results.length} results.`);
      for (const entry of batch) entry.reject(error);
      return;
    }
    batch.forEach((entry, index) => entry.resolve(results[index]!));
  }

  /** The batch rolled back as a whole: each item is written alone, so only the bad ones fail. */
  async #oneByOne(batch: Entry<I, R>[]): Promise<void> {
    for (const entry of batch) {
      try {
        const [result] = await this.#options.write([entry.item]);
        entry.resolve(result!);
      } catch (error) {
        entry.reject(error);
      }
    }
  }
}
