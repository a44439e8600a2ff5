// Pieces of the manager card that the manager's own home page shows too: stage success with the
// weak stages marked, and the weekly call-quality chart.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { REPORT_TEXTS, STAGE_KEYS, type Locale } from './report-texts.ts';
import { percent, periodName, type ManagerCardResponse } from './report-api.ts';

const STAGE_COLORS = ['#1f4fd1', '#1d7a46', '#b26a00', '#7a3db8', '#b42318'];

export function StageSuccessList({ card, locale }: { card: ManagerCardResponse; locale: Locale }) {
  const t = REPORT_TEXTS[locale];
  const weak = new Set(card.weakStages.map((s) => s.stage));
  const lowest = card.lowestStage && card.lowestStage.share !== null && card.lowestStage.share < 1 ? card.lowestStage : null;
  return (
    <section className="card padded">
      <h2 className="section-title">{t.weakStages}</h2>
      <p className="muted small">{t.threshold(card.threshold)} · {t.overall}: {percent(card.overall.share, locale, 0)}</p>
      {card.weakStages.length === 0 && <p>{t.noWeakStages}{lowest ? ` · ${t.lowestStage}: ${t.stages[lowest.stage]} (${percent(lowest.share, locale, 0)})` : ''}</p>}
      <ul className="stage-bars">
        {card.stages.map((s) => (
          <li key={s.stage} className={weak.has(s.stage) ? 'score-weak' : undefined}>
            <span className={`stage-chip stage-${s.stage}`}>{t.stages[s.stage]}</span>
            <span className="stage-bar" aria-hidden="true"><span style={{ width: `${Math.round((s.share ?? 0) * 100)}%` }} /></span>
            <span>{percent(s.share, locale, 0)} <span className="muted small">({s.successfulCalls} / {s.scoredCalls})</span></span>
            <span>{weak.has(s.stage) && <span className="badge badge-warning">{t.weakStage}</span>}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function QualityTrendChart({ card, locale }: { card: ManagerCardResponse; locale: Locale }) {
  const t = REPORT_TEXTS[locale];
  const data = card.trend.map((w) => ({ week: periodName(w.week, locale, true), mean: w.meanScore, ...w.stageMeans }));
  return (
    <section className="card padded">
      <h2 className="section-title">{t.qualityTrend}</h2>
      <div style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer>
          <LineChart data={data}>
            <CartesianGrid stroke="var(--color-border)" strokeDasharray="3 3" />
            <XAxis dataKey="week" fontSize={12} />
            <YAxis domain={[0, 10]} fontSize={12} />
            <Tooltip formatter={(value) => (typeof value === 'number' ? value.toFixed(1) : String(value))} />
            <Legend />
            <Line type="monotone" dataKey="mean" name={t.meanScore} stroke="var(--color-text)" strokeWidth={3} connectNulls />
            {STAGE_KEYS.map((stage, i) => <Line key={stage} type="monotone" dataKey={stage} name={t.stages[stage]} stroke={STAGE_COLORS[i]} strokeWidth={1} dot={false} connectNulls />)}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
