// Turns the grounding of one lost call into the text a manager reads: what happened and why
// (in the client's own words), how the company's best calls and rules handle it, what to do on
// the call back (instructions a follow-up check can verify), and the words to say. The wording
// comes from this call's material, so two lost calls never read alike.
import { STAGE_TITLES } from '../../domain/stages.ts';
import type { RecommendationSource } from '../../domain/recommendation.ts';
import type { Grounding } from './recommendation-grounding.ts';
import { OFFER_LABELS } from './client-context.ts';
import { containsPhrasing } from '../retrieval/knowledge-retrieval.ts';

export interface ComposedRecommendation {
  text: string;
  script: string;
  sources: RecommendationSource[];
  basis: string;
}

function short(text: string, max = 160): string {
  const t = text.replace(/\s+/g, ' ').trim().replace(/[.;,:]+$/u, '');
  return t.length > max ? `${t.slice(0, max - 1).replace(/\s+\S*$/u, '')}…` : t;
}

function lowerFirst(text: string): string {
  return text.length > 0 ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function pick<T>(seed: number, options: readonly T[]): T {
  return options[seed % options.length]!;
}

const SLOTS: Record<'ru' | 'en', readonly (readonly [string, string])[]> = {
  ru: [['во вторник в 11:00', 'в четверг в 16:00'], ['в среду в 10:00', 'в пятницу в 15:00'], ['завтра в 12:00', 'в четверг в 11:00']],
  en: [['Tuesday at 11am', 'Thursday at 4pm'], ['Wednesday at 10am', 'Friday at 3pm'], ['tomorrow at noon', 'Thursday at 11am']],
};

function lossSentence(g: Grounding, words: string): string {
  const stage = STAGE_TITLES[g.language][g.stage];
  if (words.length === 0) {
    return g.language === 'en'
      ? `In this call the client was lost at the "${stage.toLowerCase()}" stage; the transcript has no client words that show it.`
      : `В этом диалоге клиент ушёл на этапе «${stage.toLowerCase()}»; в расшифровке нет слов клиента, которые это показывают.`;
  }
  if (g.language === 'en') {
    const why = {
      refusal: `The client said no: "${words}".`,
      unhandled_objection: `The objection was left unanswered — the client said: "${words}".`,
      no_next_step: `The call ended with no agreed next step; the client's last words were: "${words}".`,
      no_need: `The client saw no use for the offer: "${words}".`,
      bad_opening: `The call fell apart in the first seconds: "${words}".`,
    }[g.reason];
    return `In this call the client was lost at the "${stage.toLowerCase()}" stage. ${why}`;
  }
  const why = {
    refusal: pick(g.seed, [`Клиент отказался словами: «${words}».`, `Прозвучал отказ: «${words}».`]),
    unhandled_objection: pick(g.seed, [`Возражение осталось без ответа — клиент сказал: «${words}».`, `Клиент возразил («${words}»), и ответа по существу не прозвучало.`]),
    no_next_step: pick(g.seed, [`Разговор закончился без договорённости о следующем шаге; последние слова клиента: «${words}».`, `Клиент сказал «${words}», и звонок завершился без следующего шага.`]),
    no_need: `Клиент не увидел для себя пользы: «${words}».`,
    bad_opening: `Разговор не сложился с первых фраз: «${words}».`,
  }[g.reason];
  return `В этом диалоге клиент ушёл на этапе «${stage.toLowerCase()}». ${why}`;
}

function contextSentences(g: Grounding): string[] {
  const out: string[] = [];
  const ru = g.language === 'ru';
  // the analysis' own explanation only when it adds something beyond the quoted words
  const quoted = g.client.lossWords.some((e) => g.explanation.includes(e.text.slice(0, 20)));
  if (g.explanation && g.explanation.length < 220 && !quoted) out.push(g.explanation.trim().replace(/([^.!?])$/u, '$1.'));
  if (g.client.need) out.push(ru ? `При этом клиенту было важно: «${short(g.client.need.text, 140)}».` : `What mattered to the client: "${short(g.client.need.text, 140)}".`);
  const offered = g.client.alreadyOffered.map((c) => OFFER_LABELS[c]?.[g.language]).filter(Boolean);
  if (offered.length > 0) {
    out.push(ru
      ? `В том звонке клиенту уже предлагали ${offered.join(', ')} — повторять то же самое без нового довода не стоит.`
      : `The call already mentioned ${offered.join(', ')}; repeating it without a new argument will not help.`);
  }
  return out;
}

function groundingSentences(g: Grounding): string[] {
  const ru = g.language === 'ru';
  const out: string[] = [];
  if (g.excerpt) {
    const where = g.excerpt.kind === 'reference_call' ? (ru ? 'эталонном' : 'reference') : (ru ? 'успешном' : 'successful');
    const answer = short(g.excerpt.manager.map((m) => m.text).join(' '), 260);
    out.push(ru
      ? `В ${where} звонке ${g.excerpt.callId} клиент говорил похожее («${short(g.excerpt.client.text, 120)}»), и менеджер ответил так: «${answer}».`
      : `In the ${where} call ${g.excerpt.callId} a client said something similar ("${short(g.excerpt.client.text, 120)}"), and the manager answered: "${answer}".`);
  } else if (g.rules.length === 0 && !g.stageScript && !g.closingScript && !g.objection) {
    out.push(ru ? 'Эталонных звонков с похожей ситуацией, правил эксперта и скрипта пока нет — рекомендация опирается на слова клиента и общие принципы продаж.'
      : 'No similar reference calls, expert rules or script yet — this relies on the client\'s words and general sales practice.');
  } else {
    out.push(g.callsSearched === 0
      ? (ru ? 'Эталонных и успешных звонков компании пока нет, поэтому рекомендация опирается на правила эксперта и скрипт компании.'
        : 'The company has no reference or successful calls yet, so this recommendation relies on the expert rules and the script.')
      : (ru ? `Среди ${g.callsSearched} эталонных и успешных звонков похожей ситуации не нашлось, поэтому рекомендация опирается на правила эксперта и скрипт компании.`
        : `None of the ${g.callsSearched} reference and successful calls had a similar moment, so this recommendation relies on the expert rules and the script.`));
  }
  if (g.objection) {
    out.push(ru ? `На возражение «${g.objection.text}» в компании принято отвечать так: ${lowerFirst(short(g.objection.handling, 240))}.`
      : `The company answers "${g.objection.text}" like this: ${lowerFirst(short(g.objection.handling, 240))}.`);
  }
  if (g.rules.length > 0) {
    const rules = g.rules.map((r) => short(r.text, 200)).join('; ');
    out.push(ru ? `${g.rules.length > 1 ? 'Правила эксперта' : 'Правило эксперта'}: ${rules}.` : `Expert rule${g.rules.length > 1 ? 's' : ''}: ${rules}.`);
  }
  for (const c of g.corrections) {
    const comment = g.rejected.some((r) => containsPhrasing(c.comment, r, g.language)) ? null : short(c.comment, 200);
    out.push(ru
      ? `Учтена правка руководителя отдела продаж${comment ? `: «${comment}»` : ' — отвергнутая им формулировка здесь не используется'}.`
      : `The head of sales' correction is taken into account${comment ? `: "${comment}"` : ' — the phrasing they rejected is not used here'}.`);
  }
  return out;
}

function stageAction(g: Grounding, words: string): string {
  const ru = g.language === 'ru';
  const answer = g.objection
    ? (ru ? `ответьте на это по существу — предложите то, что принято в компании: ${lowerFirst(short(g.objection.handling, 220))}` : `answer it on substance — offer what the company offers here: ${lowerFirst(short(g.objection.handling, 220))}`)
    : g.excerpt
      ? (ru ? `ответьте на это так же конкретно, как менеджер в звонке ${g.excerpt.callId}` : `answer it as concretely as the manager in call ${g.excerpt.callId}`)
      : (ru ? 'уточните, что именно смущает клиента, и ответьте на это сомнение фактами и цифрами' : 'ask what exactly worries the client and answer that doubt with facts and figures');
  switch (g.stage) {
    case 'greeting':
      return ru ? 'начните с представления: назовите своё имя, компанию и цель звонка, спросите, удобно ли говорить' : 'start by introducing yourself: say your name, the company and why you call, and ask if it is a good time';
    case 'needs':
      return ru ? `уточните то, что не спросили в прошлый раз: ${lowerFirst(short(g.stageScript ?? 'что для клиента важно, сроки, бюджет и кто принимает решение', 200))}`
        : `ask what was not asked last time: ${lowerFirst(short(g.stageScript ?? 'what matters to the client, timing, budget and who decides', 200))}`;
    case 'presentation':
      return ru ? `расскажите о том, что важно именно этому клиенту${g.client.need ? ` («${short(g.client.need.text, 90)}»)` : ''}${g.stageScript ? ` — по скрипту компании: ${lowerFirst(short(g.stageScript, 200))}` : ''}; ${answer}`
        : `present what matters to this client${g.stageScript ? ` (the company script: ${lowerFirst(short(g.stageScript, 200))})` : ''}; ${answer}`;
    case 'objections':
      return answer;
    case 'closing': {
      const after = words.length === 0 ? '' : ru ? ` после «${words}»` : ` after "${words}"`;
      const reply = g.objection || g.excerpt ? answer : (ru ? 'ответьте на это сомнение фактами и цифрами' : 'answer that doubt with facts and figures');
      return ru ? `уточните, что остановило клиента${after}, и ${reply}` : `ask what held the client back${after}, and ${reply}`;
    }
  }
}

function actionParagraph(g: Grounding, words: string): string {
  const ru = g.language === 'ru';
  const lead = g.reason === 'no_need'
    ? (ru ? 'уточните, изменилось ли что-то в ситуации клиента, и покажите пользу на его собственном примере' : 'ask whether anything changed for the client and show the benefit on their own example')
    : stageAction(g, words);
  const next = g.closingScript
    ? (ru ? `Затем предложите следующий шаг, как принято в компании: ${lowerFirst(short(g.closingScript, 200))}` : `Then offer the next step the company's way: ${lowerFirst(short(g.closingScript, 200))}`)
    : (ru ? 'Затем предложите конкретный следующий шаг — встречу или созвон' : 'Then offer a concrete next step — a meeting or a call');
  const remind = words.length === 0 ? '' : ru ? ` напомните клиенту его слова «${words}»,` : ` remind the client of their words "${words}",`;
  return ru
    ? `Перезвоните,${remind} ${lead}. ${next}, и назначьте конкретную дату и время, назвав два варианта на выбор.`
    : `Call back,${remind} ${lead}. ${next}, and book a specific date and time, giving two options to choose from.`;
}

function quotedName(name: string): string {
  return /[«"]/u.test(name) ? name : `«${name}»`;
}

function scriptText(g: Grounding, words: string): string {
  const ru = g.language === 'ru';
  const [a, b] = pick(g.seed, SLOTS[g.language]);
  const who = g.managerName ? (ru ? `Это ${g.managerName}, ${quotedName(g.companyName)}.` : `It's ${g.managerName} from ${g.companyName}.`) : (ru ? `${/[«"]/u.test(g.companyName) ? g.companyName : `Компания «${g.companyName}»`}.` : `${g.companyName} calling.`);
  const hello = ru ? `Добрый день${g.clientName ? `, ${g.clientName}` : ''}! ${who}` : `Hello${g.clientName ? ` ${g.clientName}` : ''}! ${who}`;
  const ack = words.length === 0
    ? (ru ? 'Хочу вернуться к нашему разговору — найдётся пара минут?' : 'I would like to come back to our conversation — do you have two minutes?')
    : ru
    ? pick(g.seed >>> 3, [`В прошлый раз вы сказали: «${words}». Хочу ответить на это по делу — найдётся пара минут?`, `Мы недавно говорили, и вы сказали: «${words}». Хочу ответить на это конкретно — удобно пару минут?`])
    : `Last time you said: "${words}". I'd like to answer that properly — do you have two minutes?`;
  const body = g.objection
    ? (ru ? `Смотрите, что мы можем сделать: ${lowerFirst(short(g.objection.handling, 220))}.` : `Here is what we can do: ${lowerFirst(short(g.objection.handling, 220))}.`)
    : g.excerpt
      ? short(g.excerpt.manager[0]?.text ?? '', 260)
      : (ru ? 'Подскажите, что для вас сейчас важнее всего, — я предложу то, что действительно подойдёт.' : 'Tell me what matters most to you now, and I will suggest what really fits.');
  const need = g.client.need ? (ru ? ` Вы говорили, что вам важно: «${short(g.client.need.text, 100)}», — я это помню.` : ` You said "${short(g.client.need.text, 100)}" — I took that into account.`) : '';
  const close = ru ? `Давайте зафиксируем следующий шаг: вам удобнее ${a} или ${b}?` : `Shall we fix the next step: ${a} or ${b}?`;
  return `${hello} ${ack} ${body}${need} ${close}`;
}

function sourcesOf(g: Grounding): RecommendationSource[] {
  const sources: RecommendationSource[] = g.client.lossWords.map((e) => ({ kind: 'client_context', refId: `turn-${e.turn}`, excerpt: e.text }));
  if (g.client.need) sources.push({ kind: 'client_context', refId: `turn-${g.client.need.turn}`, excerpt: g.client.need.text });
  if (g.excerpt) sources.push({ kind: g.excerpt.kind, refId: g.excerpt.callId, excerpt: g.excerpt.manager.map((m) => m.text).join(' ') });
  if (g.objection) sources.push({ kind: 'objection_handling', refId: g.objection.id, excerpt: `${g.objection.text} → ${g.objection.handling}` });
  g.rules.forEach((r, i) => sources.push({ kind: 'expert_rule', refId: r.id ?? `rule-${r.stage ?? 'any'}-${i + 1}`, excerpt: r.text }));
  if (g.stageScript) sources.push({ kind: 'script', refId: g.stage, excerpt: g.stageScript });
  if (g.closingScript && g.stage !== 'closing') sources.push({ kind: 'script', refId: 'closing', excerpt: g.closingScript });
  for (const c of g.corrections) sources.push({ kind: 'correction', refId: c.id, excerpt: c.comment });
  return sources;
}

function basisOf(g: Grounding): string {
  const ru = g.language === 'ru';
  const parts: string[] = [];
  if (g.excerpt) parts.push(ru ? `${g.excerpt.kind === 'reference_call' ? 'эталонный' : 'успешный'} звонок ${g.excerpt.callId} с похожей ситуацией` : `${g.excerpt.kind === 'reference_call' ? 'reference' : 'successful'} call ${g.excerpt.callId} with a similar moment`);
  if (g.objection) parts.push(ru ? `обработка возражения «${g.objection.text}» из базы компании` : `the company's handling of "${g.objection.text}"`);
  if (g.rules.length > 0) parts.push(ru ? `правила эксперта (${g.rules.length})` : `expert rules (${g.rules.length})`);
  if (g.stageScript || g.closingScript) parts.push(ru ? 'скрипт компании' : 'the company script');
  if (g.corrections.length > 0) parts.push(ru ? `правки РОПа (${g.corrections.length})` : `head of sales corrections (${g.corrections.length})`);
  parts.push(ru ? 'слова и контекст клиента' : "the client's own words and context");
  const nothing = !g.excerpt && !g.objection && g.rules.length === 0 && !g.stageScript && !g.closingScript;
  if (nothing) {
    return ru
      ? 'Нет ни эталонных и успешных звонков, ни правил эксперта, ни скрипта компании — рекомендация основана только на словах клиента и общих принципах продаж.'
      : 'There are no reference or successful calls, expert rules or script yet — based only on the client\'s words and general sales practice.';
  }
  const missing = g.excerpt ? '' : g.callsSearched === 0
    ? (ru ? 'Эталонных и успешных звонков нет — опора на правила эксперта и скрипт. ' : 'No reference or successful calls yet — based on expert rules and the script. ')
    : (ru ? 'Похожей ситуации в эталонных и успешных звонках не нашлось — опора на правила эксперта и скрипт. ' : 'No similar moment in reference or successful calls — based on expert rules and the script. ');
  return `${missing}${ru ? 'Основано на' : 'Based on'}: ${parts.join(', ')}.`;
}

export function composeRecommendation(g: Grounding): ComposedRecommendation {
  const words = short(g.client.lossWords.slice(0, 2).map((e) => e.text).join(' '), 140);
  const script = scriptText(g, words);
  const intro = g.language === 'ru' ? 'Рекомендуется перезвонить и сказать следующее' : 'Call back and say';
  const text = [
    [lossSentence(g, words), ...contextSentences(g)].join(' '),
    groundingSentences(g).join(' '),
    actionParagraph(g, words),
    g.language === 'ru' ? `${intro}: «${script}»` : `${intro}: “${script}”`,
  ].join('\n\n');
  return { text, script, sources: sourcesOf(g), basis: basisOf(g) };
}
