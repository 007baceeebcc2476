import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { makeFragmentData } from '../../gql';
import { codeError, createTestClient, type Fixtures } from '../../test/graphql-test-client';
import { renderWithProviders } from '../../test/render';
import { InviteUsersDialog, InviteUsersDialog_SiteFragment } from './invite-users-dialog';
import { acmeSites, pickOption } from './test-fixtures';

const sites = acmeSites.map((s) => makeFragmentData(s as never, InviteUsersDialog_SiteFragment));

function setup(invite: Fixtures[string], options: { onlyFirstSite?: boolean } = {}) {
  const client = createTestClient({ InviteUsersMutation: invite });
  const onInvited = vi.fn();
  renderWithProviders(
    <InviteUsersDialog opened onClose={() => {}} sites={options.onlyFirstSite ? sites.slice(0, 1) : sites} onInvited={onInvited} />,
    { client },
  );
  return { client, onInvited, user: userEvent.setup() };
}

const invited = (vars: Record<string, unknown>) => ({
  inviteUsers: (vars.emails as string[]).map((email, i) => ({
    id: `mem_${i}`,
    status: 'INVITED',
    account: { id: `acc_${i}`, email },
  })),
});

async function typeList(user: ReturnType<typeof userEvent.setup>, text: string) {
  const box = await screen.findByRole('textbox', { name: /email addresses/i });
  await user.click(box);
  await user.paste(text);
}

function inviteCalls(client: ReturnType<typeof createTestClient>) {
  return client.calls.filter((c) => c.name === 'InviteUsersMutation');
}

describe('InviteUsersDialog', () => {
  it('invites every address of a pasted list once, with the chosen product roles and groups', async () => {
    const { client, onInvited, user } = setup(invited, { onlyFirstSite: true });
    await typeList(user, 'Ada Lovelace <ada@example.org>, grace@example.org\nADA@example.org; linus@example.org');
    expect(screen.getByText('3 people to invite (1 repeated, counted once).')).toBeInTheDocument();

    await pickOption(user, screen.getByRole('combobox', { name: 'Jira' }), 'Admin');
    await pickOption(user, screen.getByRole('combobox', { name: /groups/i }), 'developers');
    await user.click(screen.getByRole('button', { name: 'Invite 3 people' }));

    await waitFor(() => expect(onInvited).toHaveBeenCalledWith({ siteName: 'acme-eng', emails: ['ada@example.org', 'grace@example.org', 'linus@example.org'] }));
    expect(inviteCalls(client)[0].variables).toEqual({
      siteId: 'sit_eng',
      emails: ['ada@example.org', 'grace@example.org', 'linus@example.org'],
      access: [{ product: 'JIRA', role: 'ADMIN' }],
      groupIds: ['grp_devs_eng'],
    });
  });

  it('offers only the products installed on the chosen site', async () => {
    const { user } = setup(invited);
    await pickOption(user, await screen.findByRole('combobox', { name: /^site/i }), 'acme-support');
    const products = screen.getByText('Product access on acme-support').parentElement!;
    for (const name of ['Jira Service Management', 'Confluence', 'StatusPage']) {
      expect(within(products).getByRole('combobox', { name })).toBeInTheDocument();
    }
    expect(within(products).queryByRole('combobox', { name: 'Jira' })).not.toBeInTheDocument();
  });

  it('lists the entries that are not email addresses and sends nothing', async () => {
    const { client, user } = setup(invited, { onlyFirstSite: true });
    await typeList(user, 'ada@example.org, grace, linus@');
    await user.click(screen.getByRole('button', { name: 'Invite' }));
    expect(await screen.findByText(/These are not an email address: grace, linus@\./)).toBeInTheDocument();
    expect(inviteCalls(client)).toHaveLength(0);
  });

  it('asks for at least one address and for the site', async () => {
    const { client, user } = setup(invited);
    await user.click(await screen.findByRole('button', { name: 'Invite' }));
    expect(screen.getByText('Enter at least one email address.')).toBeInTheDocument();
    expect(screen.getByText('Choose the site to invite them to.')).toBeInTheDocument();
    expect(inviteCalls(client)).toHaveLength(0);
  });

  it('refuses more than 100 addresses at once', async () => {
    const { client, user } = setup(invited, { onlyFirstSite: true });
    await typeList(user, Array.from({ length: 101 }, (_, i) => `p${i}@example.org`).join('\n'));
    await user.click(screen.getByRole('button', { name: 'Invite 101 people' }));
    expect(screen.getByText('Invite at most 100 people at a time (this list has 101).')).toBeInTheDocument();
    expect(inviteCalls(client)).toHaveLength(0);
  });

  it('names the address the server refused (INVALID_INPUT on emails[i])', async () => {
    const { onInvited, user } = setup(
      {
        inviteUsers: () => {
          throw codeError('INVALID_INPUT', 'not a valid email address', 'emails[1]');
        },
      },
      { onlyFirstSite: true },
    );
    await typeList(user, 'ada@example.org\ngrace@example.invalid-tld\nlinus@example.org');
    await user.click(screen.getByRole('button', { name: 'Invite 3 people' }));
    expect(
      await screen.findByText('grace@example.invalid-tld: not a valid email address. Correct or remove it; nobody was invited.'),
    ).toBeInTheDocument();
    expect(onInvited).not.toHaveBeenCalled();
  });

  it('names the person already on the site (CONFLICT)', async () => {
    const { onInvited, user } = setup(
      {
        inviteUsers: () => {
          throw codeError('CONFLICT', 'ada@example.org is already a user of acme-eng', 'emails[0]');
        },
      },
      { onlyFirstSite: true },
    );
    await typeList(user, 'ada@example.org, grace@example.org');
    await user.click(screen.getByRole('button', { name: 'Invite 2 people' }));
    expect(
      await screen.findByText(
        'ada@example.org is already a user of acme-eng. Remove them from the list to invite the others; nobody was invited.',
      ),
    ).toBeInTheDocument();
    expect(onInvited).not.toHaveBeenCalled();
  });

  it('shows any other error from its code', async () => {
    const { user } = setup(
      {
        inviteUsers: () => {
          throw codeError('FORBIDDEN', 'forbidden');
        },
      },
      { onlyFirstSite: true },
    );
    await typeList(user, 'ada@example.org');
    await user.click(screen.getByRole('button', { name: 'Invite' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Nobody was invited');
    expect(alert).toHaveTextContent('Your admin role does not allow this.');
  });
});
