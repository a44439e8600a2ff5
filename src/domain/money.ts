// Money the system brought in a month (see docs/FORMULAS.md, "Money brought").
//
//   money = ((P − R) / L − b) × L × A + S
//         = ((P − R) − b × L) × A + S          ← computed this way: no rounding of rates
//
//   L  unique leads this month            P  paid deals this month (all of them)
//   R  paid deals this month that belong to returned clients with a confirmed payment
//   b  baseline conversion (the month before go-live, or an explicit month / rate)
//   A  average check (set by the integrator)
//   S  confirmed payments of returned clients this month (receipts / CRM)
//
// Why remove R: a returned client's paid deal is also one of the P paid deals. Counting it in the
// conversion term (at the average check) and again in S (at its real amount) would pay twice for
// one deal, so the conversion term uses the conversion *without* returned clients' deals and the
// returned clients are counted once, at their confirmed amounts.
//
// Negative growth is not clamped: the head of sales must see an honest figure, and a hidden
// negative would make the following month's growth look larger than it is. `negativeGrowth` lets
// the UI explain it. Amounts are integers in minor units (kopecks); rounding happens once, at the end.
import { invalid } from './errors.ts';
import { formatPercent, type PeriodConversion } from './conversion.ts';
import { isMonthKey, monthKey, previousMonth, type MonthKey } from './periods.ts';

export type BaselineConfig =
  | { kind: 'month_before_go_live'; goLiveAt: Date }
  | { kind: 'month'; month: MonthKey }
  | { kind: 'rate'; rate: number };

export type ResolvedBaseline =
  | { state: 'ok'; rate: number; source: 'month'; month: MonthKey; leads: number; paidDeals: number }
  | { state: 'ok'; rate: number; source: 'rate' }
  | { state: 'baseline_missing'; month?: MonthKey; reason: string };

/**
 * The baseline conversion. `monthConversion` returns the figures of a month (or undefined when
 * nothing was imported for it); a month with no leads cannot be a baseline.
 */
export function resolveBaseline(config: BaselineConfig, monthConversion: (month: MonthKey) => PeriodConversion | undefined, timeZone: string): ResolvedBaseline {
  if (config.kind === 'rate') {
    if (!Number.isFinite(config.rate) || config.rate < 0 || config.rate > 1) {
      throw invalid('The baseline conversion must be a fraction between 0 and 1 (0.02 = 2 %)', { rate: config.rate });
    }
    return { state: 'ok', rate: config.rate, source: 'rate' };
  }
  const month = config.kind === 'month' ? config.month : previousMonth(monthKey(config.goLiveAt, timeZone));
  if (!isMonthKey(month)) throw invalid(`"${month}" is not a month; expected YYYY-MM`);
  const figures = monthConversion(month);
  if (!figures || figures.leads === 0 || figures.conversion === null) {
    return { state: 'baseline_missing', month, reason: `No leads were imported for ${month}: import that month's calls and deals or set the baseline conversion explicitly.` };
  }
  return { state: 'ok', rate: figures.conversion, source: 'month', month, leads: figures.leads, paidDeals: figures.paidDeals };
}

/** A payment of a returned client (the win-back recommendation was applied and the client paid). */
export interface ReturnedClientPayment {
  clientId: string;
  /** the CRM/CSV deal this payment closed, when known; used to avoid counting it twice */
  dealId: string | null;
  amountMinor: number;
  paidAt: Date;
  /** confirmed by a receipt or the CRM; unconfirmed payments are shown but not counted */
  confirmed: boolean;
}

export interface MoneyBreakdown {
  month: MonthKey;
  currency: string;
  leads: number; // L
  paidDeals: number; // P
  conversion: number; // P / L, as shown on the report
  returnedDealsInPaidDeals: number; // R
  conversionWithoutReturned: number; // (P − R) / L
  baselineRate: number; // b
  baseline: ResolvedBaseline & { state: 'ok' };
  /** (P − R) − b × L: deals above the baseline, fractional */
  extraDeals: number;
  averageCheckMinor: number; // A
  conversionTermMinor: number; // extraDeals × A, rounded to a kopeck; negative when conversion fell
  returnedPaymentsMinor: number; // S
  returnedClients: number;
  unconfirmedReturnedPayments: number;
  totalMinor: number;
  negativeGrowth: boolean;
  tooltip: { ru: string; en: string };
}

export type MoneyBrought =
  | { state: 'ok'; breakdown: MoneyBreakdown }
  | { state: 'baseline_missing'; month: MonthKey; baselineMonth?: MonthKey; reason: string; returnedPaymentsMinor: number }
  | { state: 'no_leads'; month: MonthKey; reason: string; returnedPaymentsMinor: number };

export interface MoneyInput {
  /** conversion figures of the reported month (from conversionByPeriod with kind 'month') */
  current: PeriodConversion;
  baseline: ResolvedBaseline;
  averageCheckMinor: number;
  currency: string;
  returnedPayments: readonly ReturnedClientPayment[];
  timeZone: string;
}

const roundHalfAwayFromZero = (value: number): number => Math.sign(value) * Math.round(Math.abs(value));

export function moneyBrought(input: MoneyInput): MoneyBrought {
  const { current } = input;
  if (current.kind !== 'month') throw invalid('Money brought is computed per calendar month', { kind: current.kind });
  if (!Number.isInteger(input.averageCheckMinor) || input.averageCheckMinor <= 0) {
    throw invalid('Set the average check (a positive amount) before computing the money brought', { averageCheckMinor: input.averageCheckMinor });
  }
  const month = current.period;
  const inMonth = input.returnedPayments.filter((payment) => monthKey(payment.paidAt, input.timeZone) === month);
  const confirmed = inMonth.filter((payment) => payment.confirmed);
  const returnedPaymentsMinor = confirmed.reduce((sum, payment) => sum + payment.amountMinor, 0);

  if (input.baseline.state === 'baseline_missing') {
    return { state: 'baseline_missing', month, ...(input.baseline.month ? { baselineMonth: input.baseline.month } : {}), reason: input.baseline.reason, returnedPaymentsMinor };
  }
  if (current.leads === 0 || current.conversion === null) {
    return { state: 'no_leads', month, reason: `No leads in ${month}: conversion cannot be computed.`, returnedPaymentsMinor };
  }

  const paidIds = new Set(current.paidDealIds);
  const returnedDealIds = new Set(confirmed.flatMap((payment) => (payment.dealId !== null && paidIds.has(payment.dealId) ? [payment.dealId] : [])));
  const L = current.leads;
  const P = current.paidDeals;
  const R = returnedDealIds.size;
  const b = input.baseline.rate;
  const extraDeals = P - R - b * L;
  const conversionTermMinor = roundHalfAwayFromZero(extraDeals * input.averageCheckMinor) || 0;
  const totalMinor = conversionTermMinor + returnedPaymentsMinor;

  const breakdown: Omit<MoneyBreakdown, 'tooltip'> = {
    month,
    currency: input.currency,
    leads: L,
    paidDeals: P,
    conversion: P / L,
    returnedDealsInPaidDeals: R,
    conversionWithoutReturned: (P - R) / L,
    baselineRate: b,
    baseline: input.baseline,
    extraDeals,
    averageCheckMinor: input.averageCheckMinor,
    conversionTermMinor,
    returnedPaymentsMinor,
    returnedClients: new Set(confirmed.map((payment) => payment.clientId)).size,
    unconfirmedReturnedPayments: inMonth.length - confirmed.length,
    totalMinor,
    negativeGrowth: extraDeals < 0,
  };
  return { state: 'ok', breakdown: { ...breakdown, tooltip: moneyTooltip(breakdown) } };
}

// Re-exported so the report can format both figures from one module.
export { formatPercent };

/** "85 000 ₽": groups of three with a no-break space, kopecks only when present. */
export function formatMoney(amountMinor: number, currency: string, locale: 'ru' | 'en' = 'ru'): string {
  const negative = amountMinor < 0;
  const absolute = Math.abs(amountMinor);
  const units = Math.floor(absolute / 100);
  const cents = absolute % 100;
  const groupSeparator = locale === 'ru' ? '\u00a0' : ',';
  const decimalSeparator = locale === 'ru' ? ',' : '.';
  const grouped = String(units).replace(/\B(?=(\d{3})+(?!\d))/g, groupSeparator);
  const number = cents === 0 ? grouped : `${grouped}${decimalSeparator}${String(cents).padStart(2, '0')}`;
  const symbol = currency === 'RUB' ? '₽' : currency;
  return `${negative ? '−' : ''}${number}\u00a0${symbol}`;
}

function moneyTooltip(b: Omit<MoneyBreakdown, 'tooltip'>): { ru: string; en: string } {
  const money = (minor: number, locale: 'ru' | 'en'): string => formatMoney(minor, b.currency, locale);
  const formula = (locale: 'ru' | 'en'): string =>
    `(${formatPercent(b.conversionWithoutReturned, locale)} − ${formatPercent(b.baselineRate, locale)}) × ${b.leads} × ${money(b.averageCheckMinor, locale)}` +
    ` + ${money(b.returnedPaymentsMinor, locale)} = ${money(b.totalMinor, locale)}`;
  const baselineRu = b.baseline.source === 'month' ? `конверсия ${b.baseline.month} до подключения` : 'базовая конверсия, заданная интегратором';
  const baselineEn = b.baseline.source === 'month' ? `conversion of ${b.baseline.month}, before go-live` : 'baseline conversion set by the integrator';
  const ru =
    `${formula('ru')}. ` +
    `${formatPercent(b.conversionWithoutReturned, 'ru')} — конверсия за ${b.month} без ${b.returnedDealsInPaidDeals} сделок возвращённых клиентов ` +
    `(${b.paidDeals} оплат − ${b.returnedDealsInPaidDeals}) / ${b.leads} уникальных лидов; они учтены отдельно по чекам: ${money(b.returnedPaymentsMinor, 'ru')}. ` +
    `${formatPercent(b.baselineRate, 'ru')} — ${baselineRu}; ${money(b.averageCheckMinor, 'ru')} — средний чек.` +
    (b.negativeGrowth ? ' Конверсия ниже базовой, поэтому первое слагаемое отрицательное.' : '');
  const en =
    `${formula('en')}. ` +
    `${formatPercent(b.conversionWithoutReturned, 'en')} is ${b.month} conversion without the ${b.returnedDealsInPaidDeals} returned clients' deals ` +
    `(${b.paidDeals} paid − ${b.returnedDealsInPaidDeals}) / ${b.leads} unique leads; those are counted once, at their confirmed amounts: ${money(b.returnedPaymentsMinor, 'en')}. ` +
    `${formatPercent(b.baselineRate, 'en')} is the ${baselineEn}; ${money(b.averageCheckMinor, 'en')} is the average check.` +
    (b.negativeGrowth ? ' Conversion is below the baseline, so the first term is negative.' : '');
  return { ru, en };
}
