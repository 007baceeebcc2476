// Grants an admin role: an account found by searching the organization's managed
// accounts and users, the role, and for a site admin the site. Site admins exist only in
// organizations with original user management; elsewhere the choice is not offered.
import { Alert, Button, Group, Modal, Radio, Select, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AdminRoleKind, UserManagement } from '../../gql/graphql';
import { describeError } from '../../lib/errors';
import { ErrorAlert } from '../common/error-alert';

export const ACCOUNT_SEARCH_SIZE = 10;

const AdminAccountSearchQuery = graphql(`
  query AdminAccountSearchQuery($orgId: ID!, $search: String, $first: Int!) {
    organization(id: $orgId) {
      id
      managedAccounts(first: $first, search: $search) {
        edges {
          node {
            id
            name
            email
          }
        }
      }
      users(first: $first, search: $search) {
        edges {
          node {
            id
            account {
              id
              name
              email
            }
          }
        }
      }
    }
  }
`);

const GrantAdminRoleMutation = graphql(`
  mutation GrantAdminRoleMutation($organizationId: ID!, $accountId: ID!, $role: AdminRoleKind!, $siteId: ID) {
    grantAdminRole(organizationId: $organizationId, accountId: $accountId, role: $role, siteId: $siteId) {
      id
      ...AdminRolesTable_AdminRole
    }
  }
`);

export interface GrantAdminRoleDialogProps {
  organization: { id: string; name: string; userManagement: UserManagement; sites: readonly { id: string; name: string }[] };
  opened: boolean;
  onClose: () => void;
  onGranted: (message: string) => void;
}

interface AccountOption {
  id: string;
  name: string;
  email: string;
}

export function GrantAdminRoleDialog({ organization, opened, onClose, onGranted }: GrantAdminRoleDialogProps) {
  const siteAdmins = organization.userManagement === 'ORIGINAL';
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 250);
  const [account, setAccount] = useState<AccountOption | null>(null);
  const [role, setRole] = useState<AdminRoleKind>('ORG_ADMIN');
  const [siteId, setSiteId] = useState<string | null>(null);
  const [{ data, fetching: searching }] = useQuery({
    query: AdminAccountSearchQuery,
    variables: { orgId: organization.id, search: debounced || null, first: ACCOUNT_SEARCH_SIZE },
    pause: !opened,
  });
  const [{ fetching, error }, grant] = useMutation(GrantAdminRoleMutation);
  const info = error ? describeError(error) : null;

  // Managed accounts first, then users (external accounts too), each account once.
  const found = new Map<string, AccountOption>();
  if (account) found.set(account.id, account);
  for (const e of data?.organization?.managedAccounts.edges ?? []) if (e?.node) found.set(e.node.id, e.node);
  for (const e of data?.organization?.users.edges ?? []) if (e?.node) found.set(e.node.account.id, e.node.account);
  const options = [...found.values()].map((a) => ({ value: a.id, label: a.name ? `${a.name} (${a.email})` : a.email }));

  function close() {
    setSearch('');
    setAccount(null);
    setRole('ORG_ADMIN');
    setSiteId(null);
    onClose();
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!account) return;
    const site = role === 'SITE_ADMIN' ? organization.sites.find((s) => s.id === siteId) : undefined;
    const result = await grant({
      organizationId: organization.id,
      accountId: account.id,
      role,
      siteId: role === 'SITE_ADMIN' ? siteId : null,
    });
    if (result.data) {
      const who = account.name || account.email;
      onGranted(site ? `${who} is now site admin of ${site.name}.` : `${who} is now organization admin of ${organization.name}.`);
      close();
    }
  }

  return (
    <Modal opened={opened} onClose={close} title="Add an admin" size="lg" closeButtonProps={{ 'aria-label': 'Close' }}>
      <form onSubmit={submit}>
        <Stack gap="md">
          <Select
            label="Account"
            description="Search the accounts your organization manages and the users of its sites by name or email."
            placeholder="Type a name or email"
            searchable
            clearable
            data={options}
            value={account?.id ?? null}
            onChange={(id) => setAccount(id ? (found.get(id) ?? null) : null)}
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: all }) => all}
            nothingFoundMessage={searching ? 'Searching…' : 'No account found'}
            error={info?.field === 'accountId' ? info.message : null}
            required
          />
          <Radio.Group label="Role" value={role} onChange={(v) => setRole(v as AdminRoleKind)}>
            <Stack gap="xs" mt={4}>
              <Radio value="ORG_ADMIN" label="Organization admin" description="Everything in the organization, every site and every page." />
              {siteAdmins && (
                <Radio value="SITE_ADMIN" label="Site admin" description="The Users page of one site: invite, suspend, restore, remove, product access." />
              )}
            </Stack>
          </Radio.Group>
          {!siteAdmins && (
            <Text size="sm" c="dimmed">
              Site admins are for organizations with the original user management; {organization.name} uses centralized user
              management, so its admins are organization admins.
            </Text>
          )}
          {role === 'SITE_ADMIN' && (
            <Select
              label="Site"
              placeholder="Choose a site"
              data={organization.sites.map((s) => ({ value: s.id, label: s.name }))}
              value={siteId}
              onChange={setSiteId}
              allowDeselect={false}
              required
              error={info?.field === 'siteId' ? info.message : null}
            />
          )}
          {error && info?.field !== 'accountId' && info?.field !== 'siteId' && <ErrorAlert error={error} />}
          {role === 'ORG_ADMIN' && account && (
            <Alert color="orange" variant="light">
              An organization admin can do everything you can, including adding and removing admins.
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" loading={fetching} disabled={!account || (role === 'SITE_ADMIN' && !siteId)}>
              Add admin
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
