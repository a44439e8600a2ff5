import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asksQuestion } from './text.ts';

void test('an unpunctuated turn that offers a choice at its end asks', () => {
  assert.ok(asksQuestion('рамы поставим завтра вам белые или коричневые', 'ru'));
  assert.equal(asksQuestion('если будут белые или коричневые рамы поставим завтра', 'ru'), false, 'a condition lists, it does not ask');
  assert.equal(asksQuestion('рамы у нас белые или коричневые.', 'ru'), false, 'punctuated text says where a question is');
});

void test('a short unpunctuated turn opened by "а" asks about what it names', () => {
  assert.ok(asksQuestion('а доставка-то', 'ru'));
  assert.ok(asksQuestion('а подоконник', 'ru'));
  assert.equal(asksQuestion('а да помню', 'ru'), false);
  assert.equal(asksQuestion('а понятно спасибо', 'ru'), false);
});

void test('"а …" after an acknowledgement asks; a turn ending in "удобно" after a time asks', () => {
  assert.ok(asksQuestion('ясно а подоконник широкий', 'ru'));
  assert.equal(asksQuestion('мы берем а соседи нет', 'ru'), false, 'contrast, not a question');
  assert.ok(asksQuestion('замерщик придет в среду к девяти удобно', 'ru'));
  assert.equal(asksQuestion('в среду к девяти мне удобно', 'ru'), false);
});

void test('an unpunctuated turn ending by checking what was done, or with "что бы", asks', () => {
  assert.ok(asksQuestion('я вчера присылал смету успели глянуть с прорабом', 'ru'));
  assert.ok(asksQuestion('если бы можно было поменять одно в ремонте что бы вы поменяли', 'ru'));
  assert.equal(asksQuestion('смету успели глянуть и все подписали вчера вечером', 'ru'), false, 'told, early in the turn');
});

void test('an unpunctuated turn opened by "то есть" checks what it understood', () => {
  assert.ok(asksQuestion('то есть штукатурку вы кладете сами', 'ru'));
  assert.equal(asksQuestion('то есть', 'ru'), false);
});

void test('an unpunctuated turn that opens by checking what the listener did asks', () => {
  assert.ok(asksQuestion('успели вы с бригадиром глянуть эскиз веранды', 'ru'));
  assert.ok(asksQuestion('удалось вам примерить плитку в ванной', 'ru'));
  assert.equal(asksQuestion('успели мы веранду до дождя покрыть', 'ru'), false, 'what the speaker did is told, not asked');
  assert.equal(asksQuestion('успели вы. веранду покрыли', 'ru'), false, 'punctuated text says where a question is');
});
