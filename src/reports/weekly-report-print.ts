// A self-contained, print-styled HTML page of a frozen weekly report (the browser's "Print → Save
// as PDF" makes the PDF; no PDF library on the server). Texts in the company's language.
import { formatPercent } from '../domain/conversion.ts';
import { formatMoney } from '../domain/money.ts';
import { STAGES, STAGE_TITLES } from '../domain/stages.ts';
import type { WeeklyReportView } from './weekly-report.service.ts';

const escapeHtml = (value: unknown): string =>
  String(value).replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

const TEXTS = {
  ru: {
    title: 'Недельный отчёт', week: 'Неделя', company: 'Компания', conversion: 'Конверсия', previous: 'Прошлая неделя', growth: 'Рост',
    pp: 'п.п.', leads: 'Уникальные лиды', paid: 'Оплаченные сделки', returned: 'Возвращённые клиенты', money: 'Принесено денег (месяц)',
    baselineMissing: 'Нет базового месяца', managers: 'Менеджеры', manager: 'Менеджер', overall: 'Общий', calls: 'Звонки', lost: 'Потеряно',
    none: '—', print: 'Печать / PDF', frozen: 'Зафиксирован',
  },
  en: {
    title: 'Weekly report', week: 'Week', company: 'Company', conversion: 'Conversion', previous: 'Previous week', growth: 'Growth',
    pp: 'pp', leads: 'Unique leads', paid: 'Paid deals', returned: 'Returned clients', money: 'Money brought (month)',
    baselineMissing: 'No baseline month', managers: 'Managers', manager: 'Manager', overall: 'Overall', calls: 'Calls', lost: 'Lost',
    none: '—', print: 'Print / PDF', frozen: 'Frozen',
  },
} as const;

export function renderWeeklyReportHtml(view: WeeklyReportView, options: { locale: 'ru' | 'en'; companyName: string }): string {
  const t = TEXTS[options.locale];
  const { report, managers } = view.figures;
  const pct = (value: number | null | undefined): string => (value === null || value === undefined ? t.none : formatPercent(value, options.locale));
  const pp = report.growth.percentagePoints;
  const money = report.money.state === 'ok'
    ? `${formatMoney(report.money.breakdown.totalMinor, report.money.breakdown.currency, options.locale)}<div class="note">${escapeHtml(report.money.breakdown.tooltip[options.locale])}</div>`
    : `${t.none}<div class="note">${escapeHtml('reason' in report.money ? report.money.reason : t.baselineMissing)}</div>`;
  const kpis: [string, string][] = [
    [t.conversion, `${pct(report.current.conversion)}<div class="note">${escapeHtml(report.tooltips.conversion[options.locale])}</div>`],
    [t.previous, pct(report.previous.conversion)],
    [t.growth, pp === null ? t.none : `${pp > 0 ? '+' : ''}${pp.toFixed(2)} ${t.pp}${report.growth.relativePercent === null ? '' : ` (${report.growth.relativePercent > 0 ? '+' : ''}${report.growth.relativePercent.toFixed(1)}%)`}`],
    [t.leads, String(report.current.leads)],
    [t.paid, String(report.current.paidDeals)],
    [t.returned, `${report.recommendations.returned} / ${report.recommendations.total}`],
    [t.money, money],
  ];
  const stageHeads = STAGES.map((stage) => `<th>${escapeHtml(STAGE_TITLES[options.locale][stage])}</th>`).join('');
  const rows = managers.managers.map((m) => `<tr><td>${escapeHtml(m.name)}</td><td>${pct(m.overall.share)}</td>${m.stages.map((s) => `<td>${pct(s.share)}</td>`).join('')}<td>${m.calls}</td><td>${m.lostCalls}</td></tr>`).join('');
  return `<!doctype html>
<html lang="${options.locale}"><head><meta charset="utf-8"><title>${escapeHtml(`${t.title} ${view.weekStart}`)}</title>
<style>
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1d23; margin: 24px; }
  h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 24px 0 8px; }
  .meta { color: #5b6270; margin-bottom: 16px; }
  table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #d5d9e0; padding: 6px 8px; text-align: left; vertical-align: top; }
  th { background: #f3f5f8; } .note { color: #5b6270; font-size: 12px; margin-top: 2px; }
  button { margin-bottom: 16px; } @media print { button { display: none; } body { margin: 0; } @page { margin: 14mm; } }
</style></head><body>
<button onclick="window.print()">${t.print}</button>
<h1>${t.title}: ${escapeHtml(report.period.key)}</h1>
<div class="meta">${t.company}: ${escapeHtml(options.companyName)} · ${t.week}: ${escapeHtml(view.weekStart)} · ${t.frozen}: ${escapeHtml(new Date(view.createdAt).toISOString().slice(0, 16).replace('T', ' '))} UTC</div>
<table><tbody>${kpis.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</tbody></table>
<h2>${t.managers}</h2>
<table><thead><tr><th>${t.manager}</th><th>${t.overall}</th>${stageHeads}<th>${t.calls}</th><th>${t.lost}</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`;
}
