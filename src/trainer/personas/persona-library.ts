// The builtin persona library: character cards (picture + description) the manager picks from,
// one per temperament so every kind of pressure is available out of the box.
import { drawAvatar } from './avatars.ts';
import type { Persona, TemperamentId } from './persona.ts';
import { TEMPERAMENTS } from './persona.ts';

function persona(id: string, temperament: TemperamentId, card: Omit<Persona, 'id' | 'temperament' | 'avatarSvg'>, avatar: Parameters<typeof drawAvatar>[0]): Persona {
  return { id, temperament: TEMPERAMENTS[temperament], ...card, avatarSvg: drawAvatar(avatar, card.name.ru) };
}

export const PERSONAS: readonly Persona[] = [
  persona('viktor-director', 'busy_director', {
    name: { ru: 'Виктор Сергеевич', en: 'Victor Stone' },
    role: { ru: 'генеральный директор производственной компании', en: 'CEO of a manufacturing company' },
    description: {
      ru: 'Говорит коротко, между двумя совещаниями. Перебивает длинные монологи и уходит, если за минуту не понял, зачем ему звонят.',
      en: 'Talks in short sentences between two meetings. Cuts long monologues and hangs up if he does not see the point within a minute.',
    },
    gender: 'male',
  }, { background: '#dbe7f3', skin: '#f1c7a5', hair: '#6b6b6b', hairStyle: 'short', shirt: '#2f3e55', tie: '#a33', mouth: 0 }),
  persona('irina-skeptic', 'skeptical_buyer', {
    name: { ru: 'Ирина Павловна', en: 'Irene Palmer' },
    role: { ru: 'коммерческий директор', en: 'commercial director' },
    description: {
      ru: 'Ничему не верит на слово: просит цифры, примеры, гарантии. Возвращается к возражению, пока не услышит ответ по сути.',
      en: 'Takes nothing on trust: asks for numbers, examples and guarantees. Comes back to an objection until the answer is to the point.',
    },
    gender: 'female',
  }, { background: '#f3e3dc', skin: '#e8b896', hair: '#3b2417', hairStyle: 'bun', shirt: '#5b2a3c', glasses: true, mouth: -1, browRaised: true }),
  persona('oleg-procurement', 'price_procurement', {
    name: { ru: 'Олег Николаевич', en: 'Oliver Nash' },
    role: { ru: 'руководитель отдела закупок', en: 'head of procurement' },
    description: {
      ru: 'Сравнивает три предложения в таблице. Давит на цену и условия оплаты, не спешит соглашаться на встречу.',
      en: 'Compares three offers in a spreadsheet. Presses on price and payment terms and is slow to agree to a meeting.',
    },
    gender: 'male',
  }, { background: '#e3ecdc', skin: '#f0c9a8', hair: '#2b2b2b', hairStyle: 'short', shirt: '#44546a', glasses: true, tie: '#2d5d8a', mouth: 0 }),
  persona('anna-friendly', 'friendly_indecisive', {
    name: { ru: 'Анна', en: 'Anna' },
    role: { ru: 'владелица небольшого салона', en: 'owner of a small salon' },
    description: {
      ru: 'Приветливая и разговорчивая, всё нравится, но решение откладывает: «я подумаю», «посоветуюсь». Нужен конкретный следующий шаг.',
      en: 'Warm and chatty, likes everything but postpones the decision: "I\'ll think about it", "I\'ll ask around". Needs a concrete next step.',
    },
    gender: 'female',
  }, { background: '#fbeccf', skin: '#f5d0b5', hair: '#b5651d', hairStyle: 'long', shirt: '#e07a5f', mouth: 1 }),
  persona('dmitry-engineer', 'analytical_engineer', {
    name: { ru: 'Дмитрий', en: 'Dmitri' },
    role: { ru: 'технический директор', en: 'CTO' },
    description: {
      ru: 'Задаёт уточняющие вопросы, хочет понять, как именно это работает и чем отличается от того, что у него уже есть.',
      en: 'Asks follow-up questions; wants to know exactly how it works and how it differs from what he already has.',
    },
    gender: 'male',
  }, { background: '#e0e0f5', skin: '#eac3a0', hair: '#4a3426', hairStyle: 'short', shirt: '#3d5a80', glasses: true, beard: true, mouth: 0 }),
  persona('svetlana-burned', 'burned_customer', {
    name: { ru: 'Светлана', en: 'Lana' },
    role: { ru: 'управляющая сетью кафе', en: 'manager of a café chain' },
    description: {
      ru: 'Прошлый поставщик её подвёл, поэтому она раздражена с первой фразы. Требует, чтобы менеджер представился и сразу объяснил, чем он лучше.',
      en: 'Let down by her previous supplier, irritated from the first sentence. Wants the manager to introduce himself and say at once why he is better.',
    },
    gender: 'female',
  }, { background: '#f5dede', skin: '#c98e6b', hair: '#1e1410', hairStyle: 'curly', shirt: '#6d597a', mouth: -1 }),
  persona('gennady-owner', 'talkative_owner', {
    name: { ru: 'Геннадий', en: 'Gene' },
    role: { ru: 'владелец строительной фирмы', en: 'owner of a construction firm' },
    description: {
      ru: 'Любит поговорить и уходит в истории. Настоящую задачу расскажет, только если его правильно расспросить.',
      en: 'Loves to talk and drifts into stories. Tells his real need only when asked the right open questions.',
    },
    gender: 'male',
  }, { background: '#e6f0ef', skin: '#efc09b', hair: '#8c8c8c', hairStyle: 'bald', shirt: '#7f5539', beard: true, mouth: 1 }),
];

export function findPersona(id: string, personas: readonly Persona[] = PERSONAS): Persona | undefined {
  return personas.find((p) => p.id === id);
}
