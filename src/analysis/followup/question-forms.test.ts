import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formsCovered, listedQuestionForms, questionForm } from './question-forms.ts';

void test('an instruction lists one question form per clause', () => {
  assert.deepEqual(listedQuestionForms('спросите, сколько стоит их склад, арендуют ли они его и когда кончается договор'), ['how_many', 'yes_no', 'when']);
  assert.deepEqual(listedQuestionForms('уточните бюджет'), []);
});

void test('the manager\'s questions meet the listed forms one question each', () => {
  assert.equal(questionForm('А чем вы сейчас возите грузы?'), 'what');
  assert.equal(questionForm('Пробовали когда-нибудь аутсорс?'), 'yes_no');
  assert.ok(formsCovered(['how_many', 'yes_no'], ['yes_no', 'how_many', 'when']));
  assert.ok(!formsCovered(['yes_no', 'yes_no'], ['yes_no']), 'one question cannot stand for two');
});
