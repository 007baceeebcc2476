import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { describe, expect, it, vi } from 'vitest';
import { codeError, createTestClient } from '../test/graphql-test-client';
import { renderWithProviders } from '../test/render';
import { AppLayoutRoute } from './app-layout-route';

const acme = {
  id: 'org_acme',
  name: 'Acme',
  userManagement: 'CENTRALIZED',
  sites: [
    { id: 'site_eng', name: 'acme-eng' },
    { id: 'site_sup', name: 'acme-support' },
  ],
};
const globex = { id: 'org_globex', name: 'Globex', userManagement: 'ORIGINAL', sites: [{ id: 'site_globex', name: 'globex' }] };

function viewer(organizations: unknown[], adminSites: unknown[] = []) {
  return {
    AppLayoutQuery: {
      viewer: { account: { id: 'acc_1', name: 'Ada Admin', email: 'admin@acme.test' }, organizations, adminSites },
    },
  };
}

function renderLayout(route: string, client: ReturnType<typeof createTestClient>, signOut = vi.fn()) {
  return renderWithProviders(
    <Routes>
      <Route element={<AppLayoutRoute />}>
        <Route path="/o/:orgId/members" element={<p>members page</p>} />
        <Route path="/o/:orgId/users" element={<p>org users page</p>} />
        <Route path="/s/:siteId/users" element={<p>site users page</p>} />
      </Route>
    </Routes>,
    { route, client, session: { signOut } },
  );
}

describe('AppLayoutRoute', () => {
  it('shows the page inside the navigation of a centralized organization', async () => {
    renderLayout('/o/org_acme/members', createTestClient(viewer([acme])));
    expect(await screen.findByText('members page')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Managed accounts' })).toHaveAttribute('href', '/o/org_acme/members');
    expect(within(nav).getByRole('link', { name: 'Users' })).toHaveAttribute('href', '/o/org_acme/users');
    expect(screen.queryByRole('combobox', { name: 'Organization' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Site' })).not.toBeInTheDocument();
  });

  it('offers an organization switcher to an admin of several organizations', async () => {
    renderLayout('/o/org_acme/members', createTestClient(viewer([acme, globex])));
    expect(await screen.findByRole('combobox', { name: 'Organization' })).toHaveValue('Acme');
  });

  it('offers the sites of an original organization and links Users to the current site', async () => {
    renderLayout('/s/site_globex/users', createTestClient(viewer([globex])));
    expect(await screen.findByText('site users page')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Site' })).toHaveValue('globex');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Users' })).toHaveAttribute('href', '/s/site_globex/users');
    expect(within(nav).getByRole('link', { name: 'Managed accounts' })).toHaveAttribute('href', '/o/org_globex/members');
  });

  it('gives a site admin the Users page of their site only', async () => {
    const client = createTestClient(viewer([], [{ id: 'site_globex', name: 'globex', organization: { id: 'org_globex' } }]));
    renderLayout('/s/site_globex/users', client);
    expect(await screen.findByText('site users page')).toBeInTheDocument();
    const nav = screen.getByRole('navigation', { name: 'Main' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['Users', 'API explorer']);
  });

  it('signs out from the account menu', async () => {
    const signOut = vi.fn().mockResolvedValue(undefined);
    renderLayout('/o/org_acme/members', createTestClient(viewer([acme])), signOut);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: /account menu/i }));
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));
    expect(signOut).toHaveBeenCalled();
  });

  it('shows an error from its code when the viewer cannot be loaded', async () => {
    const client = createTestClient({
      AppLayoutQuery: {
        viewer: () => {
          throw codeError('INTERNAL', 'internal error');
        },
      },
    });
    renderLayout('/o/org_acme/members', client);
    expect(await screen.findByRole('alert')).toHaveTextContent('Something went wrong');
  });
});
