// The tabs of Settings and who may open them. Company-wide settings belong to the head of sales
// and the integrator; every role has its own account tab (password, language).
import type { Role } from '../api/types.ts';
import type { MessageKey } from '../i18n/ru.ts';

export type SettingsTab = 'company' | 'users' | 'invites' | 'api-tokens' | 'audit' | 'account';

interface TabInfo {
  tab: SettingsTab;
  label: MessageKey;
  roles: readonly Role[];
}

const admins: readonly Role[] = ['head_of_sales', 'integrator'];

export const settingsTabs: readonly TabInfo[] = [
  { tab: 'company', label: 'settings.tab.company', roles: admins },
  { tab: 'users', label: 'settings.tab.users', roles: admins },
  { tab: 'invites', label: 'settings.tab.invites', roles: admins },
  { tab: 'api-tokens', label: 'settings.tab.apiTokens', roles: admins },
  { tab: 'audit', label: 'settings.tab.audit', roles: admins },
  { tab: 'account', label: 'settings.tab.account', roles: ['head_of_sales', 'manager', 'integrator'] },
];

export function tabsFor(role: Role): TabInfo[] {
  return settingsTabs.filter((info) => info.roles.includes(role));
}

export function canOpenTab(role: Role, tab: SettingsTab): boolean {
  return tabsFor(role).some((info) => info.tab === tab);
}
