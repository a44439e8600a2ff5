/* eslint-disable no-restricted-imports -- the purity rule is for domain code; its tests need node:test */
import { test } from 'node:test';
import assert from 'node:assert/strict';
/* eslint-enable no-restricted-imports */
import { isExtension, normalizePhone } from './phone.ts';

void test('normalizes Russian numbers in the shapes telephony and people write them', () => {
  for (const raw of ['8 (916) 123-45-67', '+7 916 123 45 67', '79161234567', '9161234567', '+7(916)1234567']) {
    assert.equal(normalizePhone(raw), '+79161234567', raw);
  }
});

void test('keeps foreign numbers given with their country code', () => {
  assert.equal(normalizePhone('+49 30 901820'), '+4930901820');
  assert.equal(normalizePhone('00380441234567'), '+380441234567');
});

void test('uses the given default region for national numbers', () => {
  assert.equal(normalizePhone('030 901820', 'DE'), '+4930901820');
});

void test('returns null for extensions, empty and garbage', () => {
  for (const raw of ['101', '', '   ', 'anonymous', null, undefined, '12345']) {
    assert.equal(normalizePhone(raw), null, String(raw));
  }
});

void test('recognizes PBX extensions', () => {
  assert.equal(isExtension('101'), true);
  assert.equal(isExtension('+79161234567'), false);
  assert.equal(isExtension(''), false);
});
