import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../domain/errors.ts';
import { GroupCommit } from './group-commit.ts';

/** A writer that records its batches; the batch holding a "bad" item fails as a whole, like a rolled-back transaction. */
function recordingWriter(options: { release?: Promise<void> } = {}) {
  const batches: string[][] = [];
  const write = async (items: string[]): Promise<string[]> => {
    batches.push(items);
    await options.release;
    if (items.includes('bad')) throw new AppError('test.bad_row', 'bad row', { status: 422 });
    return items.map((item) => item.toUpperCase());
  };
  return { batches, write };
}

test('items submitted together share one batch and each gets its own result', async () => {
  const writer = recordingWriter();
  const commit = new GroupCommit<string, string>({ write: writer.write, groupOf: () => 'company', maxBatch: 100, concurrency: 1, maxPending: 1000 });
  const results = await Promise.all(['a', 'b', 'c'].map((item) => commit.submit(item)));
  assert.deepEqual(results, ['A', 'B', 'C']);
  assert.deepEqual(writer.batches, [['a', 'b', 'c']]);
});

test('items arriving while a batch is written go together into the next one', async () => {
  let open!: () => void;
  const writer = recordingWriter({ release: new Promise<void>((resolve) => { open = resolve; }) });
  const commit = new GroupCommit<string, string>({ write: writer.write, groupOf: () => 'company', maxBatch: 100, concurrency: 1, maxPending: 1000 });
  const first = commit.submit('a');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(writer.batches, [['a']], 'a lone item is written at once');
  const later = ['b', 'c', 'd'].map((item) => commit.submit(item));
  open();
  assert.deepEqual(await Promise.all([first, ...later]), ['A', 'B', 'C', 'D']);
  assert.deepEqual(writer.batches, [['a'], ['b', 'c', 'd']]);
});

test('a failing batch is written again item by item: only the bad item fails', async () => {
  const writer = recordingWriter();
  const commit = new GroupCommit<string, string>({ write: writer.write, groupOf: () => 'company', maxBatch: 100, concurrency: 1, maxPending: 1000 });
  const settled = await Promise.allSettled(['a', 'bad', 'c'].map((item) => commit.submit(item)));
  assert.deepEqual(settled.map((result) => result.status), ['fulfilled', 'rejected', 'fulfilled']);
  assert.equal((settled[1] as PromiseRejectedResult).reason.code, 'test.bad_row');
  assert.deepEqual(writer.batches, [['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  assert.equal(commit.stats().fallbacks, 1);
});

test('groups never share a batch, and batches respect maxBatch', async () => {
  const writer = recordingWriter();
  const commit = new GroupCommit<string, string>({ write: writer.write, groupOf: (item) => item[0]!, maxBatch: 2, concurrency: 1, maxPending: 1000 });
  await Promise.all(['x1', 'y1', 'x2', 'x3', 'y2'].map((item) => commit.submit(item)));
  assert.deepEqual(writer.batches, [['x1', 'x2'], ['y1', 'y2'], ['x3']]);
});

test('a full queue refuses with a retryable 503, and close() waits for what was accepted', async () => {
  let open!: () => void;
  const writer = recordingWriter({ release: new Promise<void>((resolve) => { open = resolve; }) });
  const commit = new GroupCommit<string, string>({ write: writer.write, groupOf: () => 'company', maxBatch: 10, concurrency: 1, maxPending: 2 });
  const accepted = [commit.submit('a'), commit.submit('b')];
  await assert.rejects(commit.submit('c'), (error: AppError) => error.code === 'intake.busy' && error.status === 503 && error.retryable);
  const closing = commit.close();
  await assert.rejects(commit.submit('d'), (error: AppError) => error.code === 'intake.closed' && error.status === 503);
  open();
  await closing;
  assert.deepEqual(await Promise.all(accepted), ['A', 'B']);
});
