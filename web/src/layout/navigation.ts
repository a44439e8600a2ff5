// Which sections each role sees, in sidebar order. Routes use the same table to keep a person
// from opening a section of another role by typing its address.
import type { Role } from '../api/types.ts';
import type { MessageKey } from '../i18n/ru.ts';

export type Section =
  | 'report' | 'managers' | 'lostClients' | 'calls' | 'trainer' | 'knowledge' | 'settings'
  | 'myClients' | 'myCalls';

export interface NavigationItem {
  section: Section;
  path: string;
  label: MessageKey;
}

const items: Record<Section, NavigationItem> = {
  report: { section: 'report', path: '/report', label: 'nav.report' },
  managers: { section: 'managers', path: '/managers', label: 'nav.managers' },
  lostClients: { section: 'lostClients', path: '/lost-clients', label: 'nav.lostClients' },
  calls: { section: 'calls', path: '/calls', label: 'nav.calls' },
  trainer: { section: 'trainer', path: '/trainer', label: 'nav.trainer' },
  knowledge: { section: 'knowledge', path: '/knowledge', label: 'nav.knowledge' },
  settings: { section: 'settings', path: '/settings', label: 'nav.settings' },
  myClients: { section: 'myClients', path: '/my-clients', label: 'nav.myClients' },
  myCalls: { section: 'myCalls', path: '/my-calls', label: 'nav.myCalls' },
};

// The head of sales starts on the report (the spec's main screen); the integrator sets the company
// up, so starts on settings; both edit the knowledge base; a manager sees only their own work.
const sectionsByRole: Record<Role, readonly Section[]> = {
  head_of_sales: ['report', 'managers', 'lostClients', 'calls', 'trainer', 'knowledge', 'settings'],
  manager: ['myClients', 'myCalls', 'trainer'],
  integrator: ['settings', 'knowledge', 'calls', 'managers', 'lostClients', 'trainer'],
};

export function navigationFor(role: Role): NavigationItem[] {
  return sectionsByRole[role].map((section) => items[section]);
}

export function canOpen(role: Role, section: Section): boolean {
  return sectionsByRole[role].includes(section);
}

export function homePath(role: Role): string {
  const first = sectionsByRole[role][0];
  return first ? items[first].path : '/settings/account';
}
