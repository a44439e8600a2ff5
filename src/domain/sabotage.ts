// Sabotage, as the spec defines it for the MVP: a manager does not sign in, or leaves win-back
// recommendations unexecuted past their due time. The head of sales is told; nobody is penalised or
// blocked, so this module only decides *what to tell* and *when not to repeat it*.
//
// Deduplication: an alert is identified by (manager, kind). A scan compares the conditions now with
// the alerts still open from earlier scans:
//   - condition holds, no open alert         → raise (notify once)
//   - condition holds, open alert, same episode → ongoing (no new notification; details refreshed)
//   - open alert, condition gone             → resolve
// For "no sign-in" a new episode starts when the manager signed in between scans (its `since`
// changed): the old alert is resolved and a new one raised. For overdue recommendations the episode
// lasts while at least K stay overdue, even if the particular recommendations change.
import { invalid } from './errors.ts';
import { isOverdue, overdueForMs, type RecommendationStatus } from './recommendation-lifecycle.ts';

const DAY_MS = 86_400_000;

export type SabotageKind = 'no_sign_in' | 'overdue_recommendations';

export interface ManagerActivity {
  managerId: string;
  name?: string;
  lastSignInAt: Date | null;
  /** when the account was created or invited: the reference point when the manager never signed in */
  activeSince: Date;
  /** deactivated managers are not watched */
  active?: boolean;
}

export interface RecommendationDue {
  id: string;
  managerId: string;
  status: RecommendationStatus;
  dueAt: Date;
}

export interface SabotageThresholds {
  /** alert when a manager has not signed in for this many days (N) */
  noSignInDays: number;
  /** alert when at least this many recommendations (K)… */
  overdueCount: number;
  /** …are overdue by at least this many days (M) */
  overdueDays: number;
}

export const DEFAULT_SABOTAGE_THRESHOLDS: SabotageThresholds = { noSignInDays: 3, overdueCount: 2, overdueDays: 1 };

export type SabotageDetails =
  | { kind: 'no_sign_in'; lastSignInAt: Date | null; daysWithoutSignIn: number }
  | { kind: 'overdue_recommendations'; recommendationIds: string[]; count: number; oldestDueAt: Date };

export interface SabotageAlert {
  managerId: string;
  kind: SabotageKind;
  /** when the condition started: last sign-in (or account start), or when the K-th recommendation became M days overdue */
  since: Date;
  details: SabotageDetails;
  message: { ru: string; en: string };
}

/** An alert raised by an earlier scan and not resolved yet (as stored by the service). */
export interface OpenSabotageAlert {
  id: string;
  managerId: string;
  kind: SabotageKind;
  since: Date;
}

export interface SabotageScan {
  raise: SabotageAlert[];
  ongoing: { alertId: string; current: SabotageAlert }[];
  resolve: OpenSabotageAlert[];
}

function checkThresholds(thresholds: SabotageThresholds): void {
  const { noSignInDays, overdueCount, overdueDays } = thresholds;
  if (!(noSignInDays > 0) || !(Number.isInteger(overdueCount) && overdueCount >= 1) || !(overdueDays >= 0)) {
    throw invalid('Sabotage thresholds: days without sign-in > 0, overdue count a whole number ≥ 1, overdue days ≥ 0', { ...thresholds });
  }
}

function noSignInAlert(manager: ManagerActivity, thresholds: SabotageThresholds, now: Date): SabotageAlert | null {
  const since = manager.lastSignInAt ?? manager.activeSince;
  const elapsed = now.getTime() - since.getTime();
  if (elapsed < thresholds.noSignInDays * DAY_MS) return null;
  const days = Math.floor(elapsed / DAY_MS);
  const who = manager.name ?? manager.managerId;
  const message = manager.lastSignInAt
    ? { ru: `${who} не заходит в систему ${days} дн.`, en: `${who} has not signed in for ${days} days.` }
    : { ru: `${who} ни разу не зашёл в систему за ${days} дн.`, en: `${who} has never signed in (${days} days).` };
  return { managerId: manager.managerId, kind: 'no_sign_in', since, details: { kind: 'no_sign_in', lastSignInAt: manager.lastSignInAt, daysWithoutSignIn: days }, message };
}

function overdueAlert(manager: ManagerActivity, recommendations: readonly RecommendationDue[], thresholds: SabotageThresholds, now: Date): SabotageAlert | null {
  const minimum = thresholds.overdueDays * DAY_MS;
  const late = recommendations
    .filter((rec) => rec.managerId === manager.managerId && isOverdue(rec, now) && overdueForMs(rec, now) >= minimum)
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.id.localeCompare(b.id));
  if (late.length < thresholds.overdueCount) return null;
  // The condition became true when the K-th oldest of them crossed the M-day mark.
  const kth = late[thresholds.overdueCount - 1];
  const oldest = late[0];
  if (!kth || !oldest) return null;
  const who = manager.name ?? manager.managerId;
  return {
    managerId: manager.managerId,
    kind: 'overdue_recommendations',
    since: new Date(kth.dueAt.getTime() + minimum),
    details: { kind: 'overdue_recommendations', recommendationIds: late.map((rec) => rec.id), count: late.length, oldestDueAt: oldest.dueAt },
    message: {
      ru: `${who}: ${late.length} рекомендаций не выполнены в срок (просрочка от ${thresholds.overdueDays} дн.).`,
      en: `${who}: ${late.length} recommendations not executed on time (overdue by ${thresholds.overdueDays}+ days).`,
    },
  };
}

/** Decide which alerts to raise, keep and resolve at `now`. Pure: the caller stores and notifies. */
export function scanForSabotage(input: {
  managers: readonly ManagerActivity[];
  recommendations: readonly RecommendationDue[];
  openAlerts: readonly OpenSabotageAlert[];
  now: Date;
  thresholds?: SabotageThresholds;
}): SabotageScan {
  const thresholds = input.thresholds ?? DEFAULT_SABOTAGE_THRESHOLDS;
  checkThresholds(thresholds);
  const current: SabotageAlert[] = [];
  for (const manager of input.managers) {
    if (manager.active === false) continue;
    const signIn = noSignInAlert(manager, thresholds, input.now);
    if (signIn) current.push(signIn);
    const overdue = overdueAlert(manager, input.recommendations, thresholds, input.now);
    if (overdue) current.push(overdue);
  }

  const key = (alert: { managerId: string; kind: SabotageKind }): string => `${alert.managerId}\u0000${alert.kind}`;
  const open = new Map(input.openAlerts.map((alert) => [key(alert), alert]));
  const scan: SabotageScan = { raise: [], ongoing: [], resolve: [] };
  const matched = new Set<string>();
  for (const alert of current) {
    const previous = open.get(key(alert));
    const sameEpisode = previous !== undefined && (alert.kind !== 'no_sign_in' || previous.since.getTime() === alert.since.getTime());
    if (previous && sameEpisode) {
      scan.ongoing.push({ alertId: previous.id, current: alert });
      matched.add(previous.id);
    } else {
      scan.raise.push(alert);
    }
  }
  scan.resolve = input.openAlerts.filter((alert) => !matched.has(alert.id));
  return scan;
}
