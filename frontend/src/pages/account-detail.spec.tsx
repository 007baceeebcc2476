import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { codeError, createTestClient, type Fixtures } from '../test/graphql-test-client';
import { renderWithProviders } from '../test/render';
import { AccountDetailPage } from './account-detail';

const site = { id: 'sit_eng', name: 'acme-eng', url: 'https://acme-eng.example.test' };

function ada(extra: Record<string, unknown> = {}) {
  return {
    __typename: 'Account',
    id: 'acc_ada',
    createdAt: '2025-01-10T09:00:00Z',
    name: 'Ada Berg',
    email: 'ada@acme.test',
    nickname: null,
    jobTitle: 'Engineer',
    department: null,
    organization: null,
    location: null,
    timeZone: null,
    status: 'ACTIVE',
    managed: true,
    provisioned: false,
    twoStepVerification: true,
    secureLogin: true,
    billable: true,
    lastActiveAt: '2026-02-01T10:00:00Z',
    deactivatedAt: null,
    deactivationMessage: null,
    deletionScheduledFor: null,
    authenticationPolicy: {
      id: 'pol_1',
      name: 'Default policy',
      billable: true,
      enforceSSO: false,
      enforceTwoStep: false,
    },
    memberships: [{ id: 'mem_1', status: 'ACTIVE', lastActiveAt: '2026-02-01T10:00:00Z', site }],
    productAccess: [{ site, product: 'JIRA', role: 'ADMIN' }],
    externalProductAccess: [
      {
        siteName: 'globex',
        siteUrl: 'https://globex.example.test',
        product: 'CONFLUENCE',
        role: 'USER',
        lastActiveAt: null,
      },
    ],
    devices: [
      {
        id: 'dev_1',
        name: 'Firefox on Linux',
        userAgent: 'Mozilla/5.0',
        location: 'Berlin, DE',
        lastUsedAt: '2026-02-01T10:00:00Z',
      },
    ],
    apiTokens: [
      { id: 'tok_1', label: 'CI pipeline', createdAt: '2025-06-01T10:00:00Z', lastUsedAt: null, expiresAt: null },
    ],
    suggestedChanges: [],
    auditEvents: ({ after }: { after?: string }) => ({
      totalCount: 12,
      pageInfo: { hasNextPage: !after, endCursor: after ? null : 'ev10' },
      edges: Array.from({ length: after ? 2 : 10 }, (_, i) => ({
        cursor: `ev${i}`,
        node: {
          id: `ev_${after ? 10 + i : i}`,
          time: '2026-02-01T10:00:00Z',
          actorType: 'ACCOUNT',
          actorLabel: 'admin@acme.test',
          action: after ? 'account.reactivated' : 'account.deactivated',
          targetType: 'Account',
          targetLabel: 'ada@acme.test',
        },
      })),
    }),
    ...extra,
  };
}

function renderPage(account: Record<string, unknown>, fixtures: Fixtures = {}) {
  const client = createTestClient({
    AccountDetailQuery: {
      organization: ({ id }: { id: string }) => ({
        id,
        domains: [
          { id: 'dom_1', name: 'acme.test', status: 'VERIFIED' },
          { id: 'dom_2', name: 'acme-labs.test', status: 'UNVERIFIED' },
        ],
      }),
      node: () => account,
    },
    AccountAuditHistoryQuery: { node: () => account },
    ...fixtures,
  });
  renderWithProviders(<AccountDetailPage orgId="org_acme" accountId="acc_ada" />, { client });
  return client;
}

describe('AccountDetailPage', { timeout: 20_000 }, () => {
  it('shows the account: status, details, security, devices, tokens and access inside and outside the organization', async () => {
    renderPage(ada());
    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Berg' })).toBeInTheDocument();
    expect(screen.getAllByText('Active')[0]).toHaveClass('mantine-Badge-label');
    expect(screen.getByRole('textbox', { name: /^Job title/ })).toHaveValue('Engineer');
    expect(screen.getByRole('table', { name: 'Devices' })).toHaveTextContent('Firefox on Linux');
    expect(screen.getByRole('table', { name: 'API tokens' })).toHaveTextContent('CI pipeline');
    expect(screen.getByRole('table', { name: 'Product access on your sites' })).toHaveTextContent('Jira · Admin');
    expect(screen.getByRole('table', { name: 'Product access outside your organization' })).toHaveTextContent(
      'globexhttps://globex.example.testConfluenceUserNever',
    );
    expect(screen.getByRole('button', { name: 'Deactivate' })).toBeInTheDocument();
  });

  it('pages through the audit history', async () => {
    renderPage(ada());
    const history = await screen.findByRole('table', { name: 'Audit history' });
    expect(within(history).getAllByText('Account deactivated')).toHaveLength(10);
    expect(screen.getByText('1–10 of 12 events')).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Older' }));
    expect(await screen.findByText('11–12 of 12 events')).toBeInTheDocument();
    expect(
      within(screen.getByRole('table', { name: 'Audit history' })).getAllByText('Account reactivated'),
    ).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Newer' }));
    expect(await screen.findByText('1–10 of 12 events')).toBeInTheDocument();
  });

  it('shows "Name (Deactivated)" with the message it was given', async () => {
    renderPage(
      ada({ status: 'DEACTIVATED', deactivatedAt: '2026-02-02T10:00:00Z', deactivationMessage: 'Left the company' }),
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Ada Berg (Deactivated)' })).toBeInTheDocument();
    expect(screen.getByText('Message: “Left the company”')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reactivate' })).toBeInTheDocument();
  });

  it('offers no lifecycle action on an account the organization does not manage, and says who can change it', async () => {
    renderPage(ada({ managed: false, devices: [], apiTokens: [], externalProductAccess: [] }));
    expect(await screen.findByText('Not managed by your organization')).toBeInTheDocument();
    expect(screen.getByText(/Only the organization that manages this account can change it/)).toBeInTheDocument();
    for (const name of ['Deactivate', 'Delete', 'Reactivate', 'Change email', 'Save details']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(screen.getByRole('textbox', { name: /^Full name/ })).toBeDisabled();
  });

  it('shows the changes other organizations suggested', async () => {
    renderPage(
      ada({
        suggestedChanges: [
          {
            id: 'sug_1',
            createdAt: '2026-02-03T10:00:00Z',
            suggestedByLabel: 'Globex',
            changes: [{ field: 'jobTitle', value: 'Lead engineer' }],
          },
        ],
      }),
    );
    const table = await screen.findByRole('table', { name: 'Changes suggested by Globex' });
    expect(table).toHaveTextContent('Job titleLead engineer');
  });

  it('changes the email only to an address on a verified domain, and shows CONFLICT on the field', async () => {
    const client = renderPage(ada(), {
      ChangeAccountEmailMutation: {
        changeAccountEmail: () => {
          throw codeError('CONFLICT', 'this email address is already used by another account', 'email');
        },
      },
    });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Change email' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change email address' });
    expect(dialog).toHaveTextContent('must be on one of your organization’s verified domains'.replace('’', "'"));
    expect(within(dialog).getByRole('list')).toHaveTextContent('acme.test');
    const input = within(dialog).getByRole('textbox', { name: /^New email/ });
    await user.type(input, 'ada@acme-labs.test');
    await user.click(within(dialog).getByRole('button', { name: 'Change email' }));
    expect(
      await within(dialog).findByText('Use an address on a verified domain of your organization: acme.test'),
    ).toBeInTheDocument();
    expect(client.calls.some((c) => c.name === 'ChangeAccountEmailMutation')).toBe(false);
    await user.clear(input);
    await user.type(input, 'grace@acme.test');
    await user.click(within(dialog).getByRole('button', { name: 'Change email' }));
    expect(
      await within(dialog).findByText('This email address is already used by another account.'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(client.calls.find((c) => c.name === 'ChangeAccountEmailMutation')?.variables).toEqual({
        accountId: 'acc_ada',
        email: 'grace@acme.test',
      }),
    );
  });

  it('says an unknown account was not found', async () => {
    const client = createTestClient({
      AccountDetailQuery: {
        organization: ({ id }: { id: string }) => ({ id, domains: [] }),
        node: () => {
          throw codeError('NOT_FOUND', 'not found');
        },
      },
    });
    renderWithProviders(<AccountDetailPage orgId="org_acme" accountId="acc_nobody" />, { client });
    expect(await screen.findByRole('alert')).toHaveTextContent('This does not exist, or you do not administer it.');
  });
});
