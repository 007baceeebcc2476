// The navigation of the app shell, in one list. To add a page: register its route in
// src/router.tsx and add its entry here (shown only where it applies).
import type { Scope } from './scope';
import { usersPath } from './scope';

export interface NavItem {
  label: string;
  to: string;
}

export function navItems(scope: Scope): NavItem[] {
  const items: NavItem[] = [];
  const org = scope.organization;
  if (org) {
    items.push({ label: 'Managed accounts', to: `/o/${org.id}/members` });
    const users = usersPath(org, scope.site);
    if (users) items.push({ label: 'Users', to: users });
    items.push({ label: 'Domains', to: `/o/${org.id}/domains` });
    items.push({ label: 'API keys', to: `/o/${org.id}/api-keys` });
    items.push({ label: 'Admins', to: `/o/${org.id}/admins` });
    items.push({ label: 'Audit log', to: `/o/${org.id}/audit-log` });
  } else if (scope.site) {
    items.push({ label: 'Users', to: `/s/${scope.site.id}/users` });
  }
  return items;
}
