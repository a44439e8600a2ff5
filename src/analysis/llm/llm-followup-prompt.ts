// The prompt of the llm follow-up checker: the rules of the check (meaning, not keywords; a mention
// is not an offer; a refusal does not undo the manager's work), the recommendation split into
// numbered points by the builtin splitter (so both checkers judge the same points and the verdict
// rule is shared), and the numbered transcript of the follow-up call.
import type { Turn } from '../../domain/transcript.ts';
import type { RecommendationPoint } from '../followup/recommendation-points.ts';

export type FollowUpPromptLanguage = 'ru' | 'en';

const SYSTEM: Record<FollowUpPromptLanguage, string> = {
  ru: `Ты проверяешь, выполнил ли менеджер по продажам рекомендацию в повторном звонке тому же клиенту. Проверяй СМЫСЛ, а не ключевые слова: пункт выполнен, если менеджер сделал то, о чём он, любыми словами; пункт НЕ выполнен, если менеджер лишь повторил его слова без сути.
Правила:
- «Предложите / пригласите» выполнено, только если менеджер действительно предложил это клиенту (конкретно, с условиями), а не упомянул («у нас есть…», «если надумаете — звоните»).
- «Назначьте / запишите / договоритесь о времени» выполнено, только если менеджер назвал конкретный день или время (или предложил выбор из конкретных), а не «когда вам удобно».
- «Уточните / спросите» выполнено, если менеджер задал этот вопрос по смыслу.
- «Расскажите / объясните / назовите» выполнено, если менеджер дал суть (цифры, условия, как это работает), а не «по-разному», «не помню», «там вам расскажут».
- «Извинитесь / признайте» выполнено, если менеджер извинился, признал свою ошибку или выразил понимание чувств клиента.
- Пункт «не делайте …» выполнен (done = true), если менеджер этого НЕ сделал; доказательства не нужны.
- Отказ клиента не отменяет выполнения: оценивается работа менеджера.
Доказательства — только реплики менеджера: номер реплики в квадратных скобках и точная цитата из неё. Для невыполненного пункта доказательства пустые. Причину (reason) пиши по-русски, одним коротким предложением. Ответь на каждый пункт по его номеру. Ответ — только JSON по схеме.`,
  en: `You check whether a sales manager carried out a recommendation in the follow-up call with the same client. Judge the MEANING, not the keywords: a point is done when the manager did what it asks, in any words; a point is NOT done when the manager only repeated its words without the substance.
Rules:
- "Offer / invite" is done only when the manager actually offered it to the client (concretely, with its terms), not when it was only mentioned ("we have…", "call us if you decide").
- "Schedule / book / agree a time" is done only when the manager named a concrete day or time (or a choice of concrete ones), not "whenever suits you".
- "Ask / find out" is done when the manager asked that question in substance.
- "Tell / explain / name" is done when the manager gave the substance (figures, terms, how it works), not "it depends", "I don't remember", "they will tell you there".
- "Apologise / acknowledge" is done when the manager apologised, admitted their mistake or showed they understood the client's feelings.
- A "don't …" point is done (done = true) when the manager did NOT do it; it needs no evidence.
- The client's refusal does not undo the manager's work: the manager is what is judged.
Evidence comes from manager turns only: the turn number shown in square brackets and an exact quote from that turn. A point that is not done has no evidence. Write the reason in English, one short sentence. Answer every point by its number. Answer only with JSON matching the schema.`,
};

const LABELS: Record<FollowUpPromptLanguage, { recommendation: string; points: string; transcript: string; avoid: string; optional: string; manager: string; client: string }> = {
  ru: { recommendation: 'Рекомендация', points: 'Пункты рекомендации (номер в скобках)', transcript: 'Повторный звонок (номер реплики в квадратных скобках)', avoid: 'не делать', optional: 'если применимо', manager: 'Менеджер', client: 'Клиент' },
  en: { recommendation: 'Recommendation', points: 'Points of the recommendation (number in parentheses)', transcript: 'The follow-up call (turn number in square brackets)', avoid: 'do not', optional: 'if it applies', manager: 'Manager', client: 'Client' },
};

export interface FollowUpPrompt {
  system: string;
  user: string;
}

/** Point numbers are 1-based positions in `points`. */
export function buildFollowUpPrompt(recommendation: string, points: RecommendationPoint[], turns: Turn[], language: FollowUpPromptLanguage): FollowUpPrompt {
  const l = LABELS[language];
  const pointLines = points.map((p, i) => {
    const marks = [p.kind === 'avoid' ? l.avoid : '', p.optional ? l.optional : ''].filter(Boolean);
    return `(${i + 1})${marks.length > 0 ? ` [${marks.join(', ')}]` : ''} ${p.text.replace(/\s+/g, ' ').trim()}`;
  });
  const turnLines = turns.map((t, i) => `[${i}] ${t.speaker === 'manager' ? l.manager : l.client}: ${t.text.replace(/\s+/g, ' ').trim()}`);
  const user = [
    `${l.recommendation}:\n${recommendation.trim()}`,
    `${l.points}:\n${pointLines.join('\n')}`,
    `${l.transcript}:\n${turnLines.join('\n')}`,
  ].join('\n\n');
  return { system: SYSTEM[language], user };
}
