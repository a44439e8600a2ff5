import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRecommendation } from './recommendation-points.ts';
import { hasConcreteTime, hasNumber } from './time-expressions.ts';
import { isProposal, isVague } from './speech-acts.ts';

void test('context is not a point; each instruction is, with the act it asks for', () => {
  const points = splitRecommendation('Клиент ушёл на возражении «долго ехать». Перезвоните, уточните, откуда ему удобно добираться, предложите выездное обслуживание и назначьте конкретный день визита.', 'ru');
  assert.deepEqual(points.map((p) => p.kind), ['callback', 'ask', 'offer', 'schedule']);
  assert.ok(points.find((p) => p.kind === 'schedule')?.needsTime);
  assert.deepEqual(points.filter((p) => p.main).map((p) => p.kind), ['offer', 'schedule'], 'the offer and the step decide');
});

void test('a condition makes its point optional and a prohibition becomes a point to avoid', () => {
  const points = splitRecommendation('Спросите, удобно ли говорить; если неудобно — договоритесь о времени перезвона. Не называйте цену до выяснения потребности.', 'ru');
  assert.equal(points.find((p) => p.kind === 'schedule')?.optional, true);
  assert.equal(points.find((p) => p.text.startsWith('Не называйте'))?.kind, 'avoid');
});

void test('a quoted script does not turn into separate instructions', () => {
  const points = splitRecommendation('Предложите замер. Рекомендуется перезвонить и сказать следующее: «Добрый день! Давайте подберём время. Смотрите, как удобнее.»', 'ru');
  assert.equal(points.filter((p) => p.kind === 'say').length, 1);
  assert.ok(points.every((p) => !p.text.startsWith('Давайте') && !p.text.startsWith('Смотрите')));
});

void test('English imperatives are understood', () => {
  const points = splitRecommendation('The client hesitated. Call back, ask what worries them, and offer a free pilot for two weeks.', 'en');
  assert.deepEqual(points.map((p) => p.kind), ['callback', 'ask', 'offer']);
});

void test('spoken times count as concrete, vague promises do not', () => {
  assert.ok(hasConcreteTime('Давайте в четверг в семь вечера?'));
  assert.ok(hasConcreteTime('Жду вас завтра в пятнадцать ноль-ноль'));
  assert.ok(!hasConcreteTime('Приходите как-нибудь, когда будет время'));
  assert.ok(!hasConcreteTime('Скидка десять процентов до конца месяца'));
  assert.ok(hasNumber('около трёх тысяч'));
  assert.ok(isProposal('Можно оплачивать частями, без переплаты.', 'ru'));
  assert.ok(isVague('Если надумаете — позвоните.'));
});

void test('"сколько стоит" in the context is no instruction; "стоит перезвонить" is', () => {
  const points = splitRecommendation('Клиент ушёл, потому что менеджер не смог сказать, сколько стоит доставка и как будут разгружать. Перезвоните и предложите доставку в пятницу.', 'ru');
  assert.deepEqual(points.map((p) => p.kind), ['callback', 'offer']);
  assert.deepEqual(splitRecommendation('Стоит перезвонить и уточнить сроки.', 'ru').map((p) => p.kind), ['callback', 'ask']);
});

void test('an adverb before the verb does not glue two instructions together', () => {
  const points = splitRecommendation('Позвоните, признайте, что ответ был слабым, и конкретно расскажите о гарантии на пять лет.', 'ru');
  assert.deepEqual(points.map((p) => p.kind), ['callback', 'acknowledge', 'explain']);
});

void test('a condition that opens the sentence makes its point optional', () => {
  const points = splitRecommendation('Спросите, получилось ли с банком. Если нет — предложите консультацию юриста.', 'ru');
  assert.equal(points.find((p) => p.kind === 'offer')?.optional, true);
});

void test('"скажите, что…" states substance; only an announced or quoted script is optional', () => {
  const points = splitRecommendation('Перезвоните, скажите, что проверка бесплатная, и предложите два варианта времени.', 'ru');
  assert.equal(points.find((p) => p.text.startsWith('скажите'))?.kind, 'explain');
  const script = splitRecommendation('Предложите замер и скажите следующее: «Мы приедем в удобное время».', 'ru');
  assert.equal(script.find((p) => p.kind === 'say')?.optional, true);
});

void test('naming a time for something is scheduling, whatever the date is for', () => {
  const kinds = (t: string) => splitRecommendation(t, 'ru').map((p) => p.kind);
  assert.deepEqual(kinds('Назовите конкретное время консультации.'), ['schedule']);
  assert.deepEqual(kinds('Назовите конкретную дату, когда инженер осмотрит лифты.'), ['schedule']);
  assert.deepEqual(kinds('Предложите два конкретных варианта времени.'), ['schedule']);
  assert.deepEqual(kinds('Предложите два других варианта пробного урока, например в будний вечер и в воскресенье.'), ['schedule']);
  // content besides the slot stays an offer
  assert.deepEqual(kinds('Предложите бесплатную доставку на следующий день.'), ['offer']);
  assert.deepEqual(kinds('Предложите два варианта, например рассрочку или скидку.'), ['offer']);
});

void test('"предложите A или B" keeps each alternative as a point of its own, the verb shared', () => {
  const [offer] = splitRecommendation('Предложите сопровождение за 25 000 ₽ или бесплатную проверку документов.', 'ru');
  assert.deepEqual(offer?.alternatives.map((a) => [a.text, a.needsNumber]), [
    ['Предложите сопровождение за 25 000 ₽', true],
    ['Предложите бесплатную проверку документов.', false],
  ]);
  // "в офисе или по видео" names no second offer
  assert.equal(splitRecommendation('Предложите встречу лично или по телефону.', 'ru')[0]?.alternatives.length, 0);
});

void test('a figure in a product name is no quantity to state; concepts named by the same words are one group', () => {
  const [talk] = splitRecommendation('Предложите поговорить с владельцем Tiggo 8 из клуба.', 'ru');
  assert.equal(talk?.needsNumber, false);
  assert.ok(talk?.conceptGroups.some((g) => g.includes('peer_reference') && g.includes('call')), JSON.stringify(talk?.conceptGroups));
  assert.equal(splitRecommendation('Предложите скидку 10%.', 'ru')[0]?.needsNumber, true);
  assert.ok(hasNumber('если за месяц не привыкнете'), 'one unit of time is a quantity');
});

void test('sending a link after the offer is follow-through, not the main point; sending alone is', () => {
  const points = splitRecommendation('Перезвоните и предложите пробный урок в субботу. Пришлите ссылку.', 'ru');
  assert.deepEqual(points.filter((p) => p.main).map((p) => p.text), ['предложите пробный урок в субботу.']);
  assert.ok(splitRecommendation('Перезвоните и пришлите ссылку на оплату.', 'ru').some((p) => p.main));
});

void test('a meeting with a representative asks for no self-introduction; "представьтесь" does', () => {
  const withAgent = splitRecommendation('Назначьте встречу с представителем завода на конкретный день.', 'ru');
  assert.ok(withAgent.every((p) => !p.needsIntroduction));
  const intro = splitRecommendation('Представьтесь полностью и предложите пробную поставку.', 'ru');
  assert.ok(intro.some((p) => p.needsIntroduction));
});
