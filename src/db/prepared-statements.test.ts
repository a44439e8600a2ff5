import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StatementNames } from './prepared-statements.ts';

test('a text gets a name on its third run, the same name every time after', () => {
  const names = new StatementNames();
  assert.equal(names.nameOf('select $1'), null);
  assert.equal(names.nameOf('select $1'), null);
  const name = names.nameOf('select $1');
  assert.match(name ?? '', /^mentor_[0-9a-f]{32}$/);
  assert.equal(names.nameOf('select $1'), name);
  assert.notEqual(names.nameOf('select $2') ?? 'unnamed', name);
});

test('at most `size` texts get a name; the others keep running unnamed', () => {
  const names = new StatementNames({ threshold: 1, size: 2 });
  assert.ok(names.nameOf('a'));
  assert.ok(names.nameOf('b'));
  assert.equal(names.nameOf('c'), null);
  assert.equal(names.named, 2);
  assert.ok(names.nameOf('a'), 'a named text keeps its name');
});

test('one-off texts do not pile up: their run counts are dropped, named texts stay', () => {
  const names = new StatementNames({ threshold: 2, size: 4 });
  names.nameOf('hot');
  const hot = names.nameOf('hot');
  for (let i = 0; i < 1000; i++) names.nameOf(`select ${i}`);
  assert.equal(names.named, 1);
  assert.equal(names.nameOf('hot'), hot);
});
