// Fixtures for the Users pages' unit tests (createTestClient answers from them, checked
// against the real schema). Not imported by the app.
import { waitFor, within } from '@testing-library/react';

export const acmeSites = [
  {
    id: 'sit_eng',
    name: 'acme-eng',
    url: 'https://acme-eng.example.test',
    products: ['JIRA', 'CONFLUENCE', 'BITBUCKET'],
    groups: [
      { id: 'grp_jira_users_eng', name: 'jira-users-acme-eng', isDefault: true, productAccess: [{ product: 'JIRA', role: 'USER' }] },
      { id: 'grp_jira_admins_eng', name: 'jira-admins-acme-eng', isDefault: true, productAccess: [{ product: 'JIRA', role: 'ADMIN' }] },
      {
        id: 'grp_devs_eng',
        name: 'developers',
        isDefault: false,
        productAccess: [
          { product: 'JIRA', role: 'USER' },
          { product: 'BITBUCKET', role: 'USER' },
        ],
      },
    ],
  },
  {
    id: 'sit_support',
    name: 'acme-support',
    url: 'https://acme-support.example.test',
    products: ['JIRA_SERVICE_MANAGEMENT', 'CONFLUENCE', 'STATUSPAGE'],
    groups: [
      {
        id: 'grp_jsm_users_support',
        name: 'jira-servicemanagement-users-acme-support',
        isDefault: true,
        productAccess: [{ product: 'JIRA_SERVICE_MANAGEMENT', role: 'USER' }],
      },
    ],
  },
];

export function account(id: string, name: string, email: string, managed = true, status = 'ACTIVE') {
  return {
    __typename: 'Account',
    id,
    name,
    email,
    managed,
    status,
    lastActiveAt: '2026-11-20T10:00:00Z',
    deactivatedAt: null,
    deletionScheduledFor: null,
    nickname: null,
    jobTitle: null,
    department: null,
    organization: null,
    location: null,
    timeZone: null,
  };
}

export const pageInfo = (over: Partial<{ hasNextPage: boolean; hasPreviousPage: boolean }> = {}) => ({
  hasNextPage: false,
  hasPreviousPage: false,
  startCursor: 'cursor-start',
  endCursor: 'cursor-end',
  ...over,
});

export const stats = { total: 3, active: 1, invited: 1, suspended: 1 };

/** A membership of acme-eng as Site.users lists it. */
export function membership(id: string, acc: ReturnType<typeof account>, status = 'ACTIVE') {
  const site = acmeSites[0];
  return {
    id,
    status,
    invitedAt: '2026-01-02T00:00:00Z',
    addedAt: '2026-01-02T00:00:00Z',
    lastActiveAt: '2026-11-20T10:00:00Z',
    suspendedAt: status === 'SUSPENDED' ? '2026-11-01T00:00:00Z' : null,
    suspensionReason: null,
    account: acc,
    site: { ...site, organization: { id: 'org_acme', name: 'Acme' } },
    groups: [site.groups[0]],
    productAccess: [{ product: 'JIRA', role: 'USER', site }],
    effectiveProductAccess: status === 'ACTIVE' ? [{ product: 'JIRA', role: 'USER', site }] : [],
  };
}

/** Opens a Mantine Select (or MultiSelect) by its label and clicks one of its options. */
export async function pickOption(
  user: { click: (el: Element) => Promise<void> },
  combobox: HTMLElement,
  option: string,
): Promise<void> {
  await user.click(combobox);
  // Mantine keeps every closed dropdown's options in the page: look in this one's list.
  const list = await waitFor(() => {
    const id = combobox.getAttribute('aria-controls');
    const el = id ? document.getElementById(id) : null;
    if (!el) throw new Error('the option list is not open');
    return el;
  });
  await user.click(await within(list).findByRole('option', { name: option, hidden: true }));
}
