// Conversion = paid deals / unique leads, per ISO week or calendar month in the company's time zone.
// The customer pays for conversion growth, so each figure carries what it was computed from (the
// counts and the paid deal ids) and a zero denominator gives `null` with a reason, never NaN.
// Exact formulas and the UI tooltips: docs/FORMULAS.md.
import { isoWeekKey, monthKey, previousIsoWeek, previousMonth } from './periods.ts';
import { normalizePhone as normalizeToE164 } from './phone.ts';

export type PeriodKind = 'week' | 'month';

/** A contact that makes someone a lead: an incoming/outgoing call or a lead created in the CRM. */
export interface LeadContact {
  id: string;
  source: 'call' | 'crm';
  /** raw phone as received; normalized with the injected normalizer */
  phone: string | null;
  occurredAt: Date;
}

export type DealStatus = 'paid' | 'open' | 'lost';

/** A deal as the report needs it; CSV and CRM adapters map to this shape. */
export interface DealFact {
  dealId: string;
  status: DealStatus;
  /** the payment date: the deal counts in this date's period */
  paidAt: Date | null;
  amountMinor?: number;
  phone?: string | null;
}

/** Returns E.164 ("+79161234567") or null when the input is not a phone number. */
export type PhoneNormalizer = (raw: string) => string | null;

export type NoConversionReason = 'no_leads';

export interface PeriodConversion {
  kind: PeriodKind;
  period: string;
  /** unique leads: distinct normalized phones with a contact in the period, plus contacts without a usable phone */
  leads: number;
  /** contacts whose phone was missing or unparseable; each counts as its own lead (cannot be deduplicated) */
  leadsWithoutPhone: number;
  paidDeals: number;
  /** ids of the deals counted in `paidDeals`, so the figure can be reproduced and audited */
  paidDealIds: string[];
  /** a fraction (0.031 = 3.1 %), or null when there were no leads */
  conversion: number | null;
  reason?: NoConversionReason;
}

export function periodKeyOf(date: Date, kind: PeriodKind, timeZone: string): string {
  return kind === 'week' ? isoWeekKey(date, timeZone) : monthKey(date, timeZone);
}

export function previousPeriodKey(period: string, kind: PeriodKind): string {
  return kind === 'week' ? previousIsoWeek(period) : previousMonth(period);
}

export function conversionRate(paidDeals: number, leads: number): { conversion: number | null; reason?: NoConversionReason } {
  if (leads <= 0) return { conversion: null, reason: 'no_leads' };
  return { conversion: paidDeals / leads };
}

interface LeadBucket {
  phones: Set<string>;
  withoutPhone: Set<string>;
}

/** Unique leads per period. A phone seen in two periods is a lead in both (it was worked on in both). */
export function uniqueLeadsByPeriod(
  contacts: readonly LeadContact[],
  options: { kind: PeriodKind; timeZone: string; normalizePhone?: PhoneNormalizer },
): Map<string, { leads: number; leadsWithoutPhone: number }> {
  const buckets = new Map<string, LeadBucket>();
  const normalize = options.normalizePhone ?? ((raw: string) => normalizeToE164(raw));
  // Parsing a phone is the expensive step and the same raw strings repeat across calls.
  const normalized = new Map<string, string | null>();
  const phoneOf = (raw: string): string | null => {
    if (!normalized.has(raw)) normalized.set(raw, normalize(raw));
    return normalized.get(raw) ?? null;
  };
  for (const contact of contacts) {
    const period = periodKeyOf(contact.occurredAt, options.kind, options.timeZone);
    let bucket = buckets.get(period);
    if (!bucket) {
      bucket = { phones: new Set(), withoutPhone: new Set() };
      buckets.set(period, bucket);
    }
    const phone = contact.phone ? phoneOf(contact.phone) : null;
    if (phone) bucket.phones.add(phone);
    else bucket.withoutPhone.add(`${contact.source}:${contact.id}`);
  }
  const result = new Map<string, { leads: number; leadsWithoutPhone: number }>();
  for (const [period, bucket] of buckets) {
    result.set(period, { leads: bucket.phones.size + bucket.withoutPhone.size, leadsWithoutPhone: bucket.withoutPhone.size });
  }
  return result;
}

/**
 * Paid deals per period. A deal counts once, in the period of its payment date; when the same deal
 * id arrives twice (CSV re-import, CRM webhook + REST sync) the earliest payment date wins.
 */
export function paidDealsByPeriod(deals: readonly DealFact[], options: { kind: PeriodKind; timeZone: string }): Map<string, string[]> {
  const earliest = new Map<string, Date>();
  for (const deal of deals) {
    if (deal.status !== 'paid' || !deal.paidAt) continue;
    const known = earliest.get(deal.dealId);
    if (!known || deal.paidAt.getTime() < known.getTime()) earliest.set(deal.dealId, deal.paidAt);
  }
  const result = new Map<string, string[]>();
  for (const [dealId, paidAt] of earliest) {
    const period = periodKeyOf(paidAt, options.kind, options.timeZone);
    const ids = result.get(period) ?? [];
    ids.push(dealId);
    result.set(period, ids);
  }
  for (const ids of result.values()) ids.sort();
  return result;
}

export interface ConversionInput {
  contacts: readonly LeadContact[];
  deals: readonly DealFact[];
  kind: PeriodKind;
  timeZone: string;
  /**
   * Defaults to E.164 normalization with region RU (src/domain/phone.ts). When phones come from
   * the database already normalized, pass `(phone) => phone`: parsing is the costly step.
   */
  normalizePhone?: PhoneNormalizer;
  /** periods to report even when empty (e.g. the last 8 weeks); defaults to every period with data */
  periods?: readonly string[];
}

/** Conversion for each period, sorted by period. */
export function conversionByPeriod(input: ConversionInput): PeriodConversion[] {
  const leads = uniqueLeadsByPeriod(input.contacts, input);
  const paid = paidDealsByPeriod(input.deals, input);
  const periods = input.periods ? [...new Set(input.periods)] : [...new Set([...leads.keys(), ...paid.keys()])];
  return periods.sort().map((period) => {
    const leadCount = leads.get(period) ?? { leads: 0, leadsWithoutPhone: 0 };
    const paidDealIds = paid.get(period) ?? [];
    const rate = conversionRate(paidDealIds.length, leadCount.leads);
    return {
      kind: input.kind,
      period,
      leads: leadCount.leads,
      leadsWithoutPhone: leadCount.leadsWithoutPhone,
      paidDeals: paidDealIds.length,
      paidDealIds,
      ...rate,
    };
  });
}

export type GrowthUnavailableReason = 'current_no_leads' | 'previous_no_leads' | 'previous_zero_conversion';

export interface ConversionGrowth {
  current: number | null;
  previous: number | null;
  /** (current − previous) × 100, in percentage points; null when either side has no conversion */
  percentagePoints: number | null;
  /** (current − previous) / previous × 100, in %; null when previous is null or 0 */
  relativePercent: number | null;
  reasons: GrowthUnavailableReason[];
}

export function conversionGrowth(current: number | null, previous: number | null): ConversionGrowth {
  const reasons: GrowthUnavailableReason[] = [];
  if (current === null) reasons.push('current_no_leads');
  if (previous === null) reasons.push('previous_no_leads');
  else if (previous === 0) reasons.push('previous_zero_conversion');
  const percentagePoints = current !== null && previous !== null ? (current - previous) * 100 : null;
  const relativePercent = current !== null && previous !== null && previous !== 0 ? ((current - previous) / previous) * 100 : null;
  return { current, previous, percentagePoints, relativePercent, reasons };
}

export interface ConversionComparison {
  current: PeriodConversion;
  previous: PeriodConversion;
  growth: ConversionGrowth;
}

/** This period against the one before it (week to week, month to month) — the report's headline. */
export function compareWithPreviousPeriod(input: Omit<ConversionInput, 'periods'> & { period: string }): ConversionComparison {
  const previousKey = previousPeriodKey(input.period, input.kind);
  const [previous, current] = conversionByPeriod({ ...input, periods: [previousKey, input.period] });
  if (!previous || !current) throw new Error('unreachable: two periods requested');
  return { current, previous, growth: conversionGrowth(current.conversion, previous.conversion) };
}

/** A fraction as a percent with two decimals: 0.02857 → "2,86%" (ru) / "2.86%" (en). */
export function formatPercent(fraction: number, locale: 'ru' | 'en' = 'ru'): string {
  const text = (fraction * 100).toFixed(2);
  return `${locale === 'ru' ? text.replace('.', ',') : text}%`;
}

const signed = (value: number, digits: number, locale: 'ru' | 'en'): string => {
  const text = `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(value).toFixed(digits)}`;
  return locale === 'ru' ? text.replace('.', ',') : text;
};

/** The report's tooltip for a conversion figure. */
export function conversionTooltip(figure: PeriodConversion): { ru: string; en: string } {
  if (figure.conversion === null) {
    return {
      ru: `За период ${figure.period} нет лидов — конверсию посчитать нельзя.`,
      en: `No leads in ${figure.period}: conversion cannot be computed.`,
    };
  }
  const withoutPhone = figure.leadsWithoutPhone > 0;
  return {
    ru:
      `Конверсия = оплаченные сделки / уникальные лиды = ${figure.paidDeals} / ${figure.leads} = ${formatPercent(figure.conversion, 'ru')}. ` +
      'Лид — уникальный номер телефона из звонков и CRM за период; сделка считается в периоде даты оплаты.' +
      (withoutPhone ? ` ${figure.leadsWithoutPhone} лидов без номера телефона посчитаны по одному.` : ''),
    en:
      `Conversion = paid deals / unique leads = ${figure.paidDeals} / ${figure.leads} = ${formatPercent(figure.conversion, 'en')}. ` +
      'A lead is a unique phone number from calls and the CRM in the period; a deal counts in the period of its payment date.' +
      (withoutPhone ? ` ${figure.leadsWithoutPhone} leads without a phone number are counted one by one.` : ''),
  };
}

/** The report's tooltip for growth against the previous period. */
export function growthTooltip(growth: ConversionGrowth): { ru: string; en: string } {
  if (growth.current === null || growth.previous === null || growth.percentagePoints === null) {
    return {
      ru: 'Рост не считается: в одном из периодов нет лидов.',
      en: 'Growth is not available: one of the periods has no leads.',
    };
  }
  const base = (locale: 'ru' | 'en'): string =>
    `${formatPercent(growth.current ?? 0, locale)} − ${formatPercent(growth.previous ?? 0, locale)} = ${signed(growth.percentagePoints ?? 0, 2, locale)}`;
  const relative = growth.relativePercent;
  return {
    ru:
      `Рост = ${base('ru')} п.п.` +
      (relative === null ? ' Относительный рост не определён: в прошлом периоде конверсия 0%.' : ` Относительно прошлого периода: ${signed(relative, 1, 'ru')}%.`),
    en:
      `Growth = ${base('en')} pp.` +
      (relative === null ? ' Relative growth is undefined: the previous conversion was 0%.' : ` Relative to the previous period: ${signed(relative, 1, 'en')}%.`),
  };
}
