// The verdict in words, in the recommendation's language: what was done, what the main miss was
// and why it does not count, and how the client answered.
import type { PointVerdict } from './followup-checker.ts';

const REASONS: Record<string, { ru: string; en: string }> = {
  no_question: { ru: 'менеджер об этом не спросил', en: 'the manager did not ask about it' },
  mentioned_not_offered: { ru: 'прозвучало лишь упоминание, без конкретного предложения', en: 'it was only mentioned, never actually offered' },
  absent: { ru: 'в разговоре этого не было', en: 'it did not happen in the call' },
  no_concrete_time: { ru: 'не назван конкретный день или время', en: 'no concrete day or time was proposed' },
  deferred: { ru: 'по сути менеджер не ответил («не помню», «по-разному», «уточню»)', en: 'the manager gave no substance ("I don\'t remember", "it depends")' },
  no_figures: { ru: 'не прозвучало конкретных цифр', en: 'no concrete figures were given' },
  no_introduction: { ru: 'менеджер не представился', en: 'the manager did not introduce themselves' },
  meaning_absent: { ru: 'смысл этого пункта не прозвучал', en: 'the meaning of this point was not conveyed' },
  dismissed: { ru: 'менеджер отмахнулся от чувства клиента вместо того, чтобы его признать', en: 'the manager brushed the client\'s feeling aside instead of acknowledging it' },
  violated: { ru: 'менеджер сделал именно то, от чего предостерегала рекомендация', en: 'the manager did exactly what the recommendation warned against' },
};

function short(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim().replace(/[.;,]+$/u, '');
  return t.length > 90 ? `${t.slice(0, 87)}…` : t;
}

/** A point as the explanation shows it, whichever checker decided it. */
export interface ExplainedPoint {
  text: string;
  done: boolean;
  main: boolean;
  /** counted in "N of M" (a conditional point, or a warning heeded, is not) */
  counted: boolean;
  evidence: { text: string }[];
  /** why a missed point does not count, in the explanation's language */
  why: string;
}

export function renderVerdict(args: { language: string; applied: boolean; points: ExplainedPoint[]; clientAgreed: boolean; noManagerTurns: boolean }): string {
  const ru = args.language !== 'en';
  const counted = args.points.filter((p) => p.counted);
  const done = counted.filter((p) => p.done);
  if (args.noManagerTurns) {
    return ru ? 'В звонке нет реплик менеджера — проверить выполнение нельзя.' : 'The call has no manager turns, so nothing could be checked.';
  }
  const parts: string[] = [];
  if (args.applied) {
    const main = done.find((p) => p.main) ?? done[0];
    parts.push(ru
      ? `Смысл рекомендации применён: выполнено ${done.length} из ${counted.length} пунктов${main ? `, включая главное — «${short(main.text)}»` : ''}.`
      : `The recommendation's meaning was applied: ${done.length} of ${counted.length} points done${main ? `, including the main one — "${short(main.text)}"` : ''}.`);
    const firstEvidence = main?.evidence[0];
    if (firstEvidence) parts.push(ru ? `Менеджер: «${short(firstEvidence.text)}».` : `Manager: "${short(firstEvidence.text)}".`);
  } else {
    const missed = counted.filter((p) => !p.done).sort((a, b) => Number(b.main) - Number(a.main));
    const first = missed[0];
    parts.push(ru
      ? `Рекомендация не выполнена: выполнено ${done.length} из ${counted.length} пунктов.`
      : `The recommendation was not applied: ${done.length} of ${counted.length} points done.`);
    for (const p of missed.slice(0, 3)) {
      const label = p === first && p.main ? (ru ? 'Главное не сделано' : 'Main point missed') : (ru ? 'Не сделано' : 'Missed');
      parts.push(`${label}: «${short(p.text)}» — ${p.why.replace(/[.\s]+$/u, '')}.`);
    }
  }
  if (args.clientAgreed) parts.push(ru ? 'Клиент согласился на следующий шаг.' : 'The client agreed to the next step.');
  else parts.push(args.applied
    ? (ru ? 'Клиент всё же не согласился — но рекомендация выполнена, оценивается работа менеджера.' : 'The client still declined, but the recommendation was carried out; the manager\'s work is what is judged.')
    : (ru ? 'Согласия клиента на следующий шаг нет.' : 'The client did not agree to a next step.'));
  return parts.join(' ');
}

export function explainVerdict(args: { language: string; applied: boolean; verdicts: PointVerdict[]; clientAgreed: boolean; noManagerTurns: boolean }): string {
  const ru = args.language !== 'en';
  const points = args.verdicts.map((v): ExplainedPoint => {
    const why = REASONS[v.result.missing ?? 'meaning_absent'] ?? REASONS.meaning_absent;
    return {
      text: v.point.text,
      done: v.result.done,
      main: v.point.main,
      counted: !v.point.optional && (v.point.kind !== 'avoid' || !v.result.done),
      evidence: v.result.evidence,
      why: (ru ? why?.ru : why?.en) ?? '',
    };
  });
  return renderVerdict({ language: args.language, applied: args.applied, points, clientAgreed: args.clientAgreed, noManagerTurns: args.noManagerTurns });
}
