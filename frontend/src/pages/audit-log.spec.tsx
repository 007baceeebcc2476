import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import { createTestClient, type TestClient } from '../test/graphql-test-client';
import { renderWithProviders } from '../test/render';
import { AuditLogPage } from './audit-log';

function event(i: number, extra: Record<string, unknown> = {}) {
  return {
    id: `aud_${i}`,
    time: `2026-03-0${(i % 9) + 1}T10:00:00Z`,
    actorType: 'ACCOUNT',
    actorID: 'acc_admin',
    actorLabel: 'admin@acme.test',
    action: 'admin.signed_in',
    targetType: 'Account',
    targetID: 'acc_admin',
    targetLabel: 'admin@acme.test',
    ...extra,
  };
}

function client(pages: Record<string, { events: unknown[]; next?: string }>) {
  return createTestClient({
    AuditLogQuery: ({ after }) => ({
      organization: ({ id }: { id: string }) => {
        const page = pages[(after as string | null) ?? 'first'];
        return {
          id,
          admins: [{ id: 'adm_1', account: { id: 'acc_admin', name: 'Avery Admin', email: 'admin@acme.test' } }],
          apiKeys: [{ id: 'key_1', name: 'HR sync' }],
          auditEvents: {
            totalCount: page.events.length,
            pageInfo: { hasNextPage: !!page.next, endCursor: page.next ?? null },
            edges: page.events.map((node) => ({ cursor: 'c', node })),
          },
        };
      },
    }),
  });
}

function Location() {
  const { search } = useLocation();
  return <div data-testid="url-query">{search}</div>;
}

function renderPage(c: TestClient, query = '') {
  renderWithProviders(
    <>
      <AuditLogPage orgId="org_acme" />
      <Location />
    </>,
    { client: c, route: `/o/org_acme/audit-log${query}`, path: '/o/:orgId/audit-log' },
  );
}

const url = () => screen.getByTestId('url-query').textContent;
const lastWhere = (c: TestClient) => c.calls.filter((x) => x.name === 'AuditLogQuery').at(-1)?.variables;

describe('the Audit log page', () => {
  it('reads its filters from the URL and asks for those events', async () => {
    const c = client({ first: { events: [event(1, { action: 'api_key.created' })] } });
    renderPage(c, '?actorId=key_1&action=api_key.created&from=2026-03-01&to=2026-03-02');
    expect(await screen.findByRole('table', { name: 'Audit events' })).toBeInTheDocument();
    expect(lastWhere(c)).toMatchObject({
      orgId: 'org_acme',
      after: null,
      where: { actorId: 'key_1', action: 'api_key.created', after: '2026-03-01T00:00:00Z', before: '2026-03-03T00:00:00Z' },
    });
    expect(screen.getByRole('combobox', { name: 'Actor' })).toHaveValue('HR sync (API key)');
    expect(screen.getByRole('combobox', { name: 'Action' })).toHaveValue('api_key.created');
    expect(screen.getByLabelText('From (UTC)')).toHaveValue('2026-03-01');
    expect(screen.getByText('1 event match')).toBeInTheDocument();
  });

  it('puts a filter chosen from a row or typed in the URL, back on the newest page', async () => {
    const c = client({ first: { events: [event(1)], next: 'p2' }, p2: { events: [event(2)] } });
    const user = userEvent.setup();
    renderPage(c);
    await user.click(await screen.findByRole('button', { name: 'Older events' }));
    await waitFor(() => expect(url()).toBe('?cursor=p2'));

    const table = await screen.findByRole('table', { name: 'Audit events' });
    await user.click(within(table).getByRole('button', { name: 'Show only admin.signed_in events' }));
    await waitFor(() => expect(url()).toBe('?action=admin.signed_in'));

    await user.type(screen.getByRole('textbox', { name: 'Target ID' }), 'acc_42{Enter}');
    await waitFor(() => expect(url()).toBe('?action=admin.signed_in&targetId=acc_42'));
    await waitFor(() => expect(lastWhere(c)?.where).toEqual({ action: 'admin.signed_in', targetId: 'acc_42' }));

    await user.click(screen.getAllByRole('button', { name: 'Clear filters' })[0]);
    await waitFor(() => expect(url()).toBe(''));
  });

  it('pages to older events and back to newer ones', async () => {
    const c = client({ first: { events: [event(1)], next: 'p2' }, p2: { events: [event(2, { action: 'domain.added' })] } });
    const user = userEvent.setup();
    renderPage(c);
    expect(await screen.findByRole('button', { name: 'Newer events' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Older events' }));
    expect(await within(screen.getByRole('table', { name: 'Audit events' })).findByText('domain.added')).toBeInTheDocument();
    expect(lastWhere(c)).toMatchObject({ after: 'p2', where: null });
    await user.click(screen.getByRole('button', { name: 'Newer events' }));
    await waitFor(() => expect(url()).toBe(''));
    expect(screen.getByRole('button', { name: 'Older events' })).toBeEnabled();
  });

  it('says when no event matches', async () => {
    renderPage(client({ first: { events: [] } }), '?action=user.removed');
    expect(await screen.findByText('No event matches these filters')).toBeInTheDocument();
  });
});
