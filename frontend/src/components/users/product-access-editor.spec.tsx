import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { makeFragmentData } from '../../gql';
import { createTestClient, type Fixtures } from '../../test/graphql-test-client';
import { renderWithProviders } from '../../test/render';
import { accessChange, currentRole, revocationEffect } from './product-access';
import { ProductAccessEditor, ProductAccessEditor_MembershipFragment } from './product-access-editor';
import { acmeSites, pickOption } from './test-fixtures';

const [jiraUsers, jiraAdmins, developers] = acmeSites[0].groups;

function membership(groups: typeof acmeSites[0]['groups'], status = 'ACTIVE') {
  const access = groups.flatMap((g) => g.productAccess);
  return makeFragmentData(
    {
      id: 'mem_ada',
      status,
      account: { id: 'acc_ada', name: 'Ada Castillo', email: 'ada@acme.test', status: 'ACTIVE' },
      site: { id: 'sit_eng', name: 'acme-eng', products: ['JIRA', 'CONFLUENCE', 'BITBUCKET'] },
      groups,
      productAccess: access,
      effectiveProductAccess: status === 'ACTIVE' ? access : [],
    } as never,
    ProductAccessEditor_MembershipFragment,
  );
}

function setup(groups: typeof acmeSites[0]['groups'], fixtures: Fixtures, status = 'ACTIVE') {
  const client = createTestClient(fixtures);
  const onChanged = vi.fn();
  renderWithProviders(<ProductAccessEditor membership={membership(groups, status)} onChanged={onChanged} />, { client });
  return { client, onChanged, user: userEvent.setup() };
}

const remaining = (...access: { product: string; role: string }[]) => ({
  revokeProductAccess: { id: 'mem_ada', productAccess: access },
});

describe('ProductAccessEditor', () => {
  it('shows the role of each installed product and whether it is in effect', () => {
    setup([jiraAdmins, jiraUsers], {}, 'SUSPENDED');
    expect(screen.getByRole('combobox', { name: 'Jira role on acme-eng' })).toHaveValue('Admin');
    expect(screen.getByRole('combobox', { name: 'Confluence role on acme-eng' })).toHaveValue('No access');
    expect(screen.getByText('Not in effect')).toBeInTheDocument();
    expect(screen.getByText('This access is kept but not in effect: Ada Castillo is suspended on acme-eng.')).toBeInTheDocument();
  });

  it('grants a role through grantProductAccess', async () => {
    const { client, onChanged, user } = setup([jiraUsers], {
      GrantProductAccessMutation: { grantProductAccess: { id: 'mem_ada', productAccess: [] } },
    });
    await pickOption(user, screen.getByRole('combobox', { name: 'Confluence role on acme-eng' }), 'Admin');
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(client.calls[0]).toEqual({
      name: 'GrantProductAccessMutation',
      variables: { siteId: 'sit_eng', accountId: 'acc_ada', product: 'CONFLUENCE', role: 'ADMIN' },
    });
  });

  it('revokes at once when no group grants anything else, and says what access remains', async () => {
    const { client, user } = setup([jiraUsers, jiraAdmins], {
      RevokeProductAccessMutation: remaining({ product: 'JIRA', role: 'USER' }),
    });
    await pickOption(user, screen.getByRole('combobox', { name: 'Jira role on acme-eng' }), 'User');
    expect(await screen.findByText('Ada Castillo still has: Jira.')).toBeInTheDocument();
    expect(client.calls[0].variables).toMatchObject({ product: 'JIRA', role: 'ADMIN' });
  });

  it('warns first when a group of the revoked access also grants other access, and revokes only once confirmed', async () => {
    const { client, user } = setup([developers], { RevokeProductAccessMutation: remaining() });
    await pickOption(user, screen.getByRole('combobox', { name: 'Jira role on acme-eng' }), 'No access');
    const dialog = await screen.findByRole('dialog', { name: 'Revoke access to Jira?' });
    expect(dialog).toHaveTextContent('This takes Ada Castillo out of developers, which also grants:');
    expect(within(dialog).getByRole('listitem')).toHaveTextContent('Bitbucket');
    expect(client.calls).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('Ada Castillo has no product access left on acme-eng.')).toBeInTheDocument();
    expect(client.calls[0].variables).toMatchObject({ product: 'JIRA', role: 'USER' });
  });

  it('revokes nothing when the warning is cancelled', async () => {
    const { client, user } = setup([developers], { RevokeProductAccessMutation: remaining() });
    await pickOption(user, screen.getByRole('combobox', { name: 'Jira role on acme-eng' }), 'No access');
    const dialog = await screen.findByRole('dialog', { name: 'Revoke access to Jira?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(client.calls).toHaveLength(0);
  });
});

describe('product access rules', () => {
  it('reads the role of a product: ADMIN over USER', () => {
    const access = [...jiraUsers.productAccess, ...jiraAdmins.productAccess] as never;
    expect(currentRole(access, 'JIRA')).toBe('ADMIN');
    expect(currentRole(access, 'CONFLUENCE')).toBe('NONE');
  });

  it('maps a change of role to one grant or one revocation', () => {
    expect(accessChange('NONE', 'USER')).toEqual({ kind: 'grant', role: 'USER' });
    expect(accessChange('USER', 'ADMIN')).toEqual({ kind: 'grant', role: 'ADMIN' });
    expect(accessChange('ADMIN', 'USER')).toEqual({ kind: 'revoke', role: 'ADMIN' });
    expect(accessChange('ADMIN', 'NONE')).toEqual({ kind: 'revoke', role: 'USER' });
    expect(accessChange('USER', 'USER')).toBeNull();
  });

  it('counts as lost only what no remaining group grants', () => {
    const bitbucketUsers = { id: 'g_bb', name: 'bitbucket-users', productAccess: [{ product: 'BITBUCKET', role: 'USER' }] };
    const groups = [developers, jiraUsers] as never;
    expect(revocationEffect(groups, 'JIRA', 'USER').alsoLost).toEqual([{ product: 'BITBUCKET', role: 'USER' }]);
    expect(revocationEffect([developers, jiraUsers, bitbucketUsers] as never, 'JIRA', 'USER').alsoLost).toEqual([]);
    // Revoking ADMIN leaves the groups granting only USER.
    expect(revocationEffect([developers, jiraAdmins] as never, 'JIRA', 'ADMIN').groups.map((g) => g.name)).toEqual([
      'jira-admins-acme-eng',
    ]);
  });
});
