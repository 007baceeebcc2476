// One row of the centralized Users list (Organization.users): one account across the
// organization's sites, with its aggregate status and its status on each site.
import { Stack, Table, Text } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { ProductKey, ProductRole } from '../../gql/graphql';
import type { UserActionRequest } from './user-action-dialog';
import type { ActionTarget } from './user-action-wording';
import { AccountBadges, MembershipStatusBadge } from './user-badges';
import { accessLabel, formatDate, membershipStatusNames } from './labels';
import { ShortList, SiteLines, UserNameCell, UserRowMenu, type RowMenuSection } from './users-table';

export const OrgUserRow_OrgUserFragment = graphql(`
  fragment OrgUserRow_OrgUser on OrgUser {
    id
    status
    lastActiveAt
    account {
      id
      name
      email
      managed
      status
    }
    memberships {
      id
      status
      site {
        id
        name
      }
      groups {
        id
        name
      }
    }
    productAccess {
      product
      role
      site {
        id
      }
    }
  }
`);

export interface OrgUserRowProps {
  user: FragmentType<typeof OrgUserRow_OrgUserFragment>;
  organization: { id: string; name: string; siteNames: readonly string[] };
  /** The list's path: a user's page is under it. */
  basePath: string;
  onAction: (request: UserActionRequest) => void;
}

export function OrgUserRow({ user: ref, organization, basePath, onAction }: OrgUserRowProps) {
  const user = useFragment(OrgUserRow_OrgUserFragment, ref);
  const { account } = user;
  const who = account.name || account.email;
  const target: ActionTarget = { accountId: account.id, name: account.name, email: account.email, managed: account.managed };
  const orgPlace = {
    kind: 'organization' as const,
    organizationId: organization.id,
    organizationName: organization.name,
    siteNames: organization.siteNames,
  };
  const detailPath = `${basePath}/${account.id}`;
  const anySuspended = user.memberships.some((m) => m.status === 'SUSPENDED');
  const anyUnsuspended = user.memberships.some((m) => m.status !== 'SUSPENDED');
  const multiSite = user.memberships.length > 1;

  const sections: RowMenuSection[] = user.memberships.map((m) => {
    const place = { kind: 'site' as const, siteId: m.site.id, siteName: m.site.name };
    return {
      label: m.site.name,
      items: [
        m.status === 'SUSPENDED'
          ? { label: `Restore on ${m.site.name}`, onClick: () => onAction({ action: 'restore', place, target }) }
          : { label: `Suspend on ${m.site.name}`, onClick: () => onAction({ action: 'suspend', place, target }) },
        { label: `Remove from ${m.site.name}`, color: 'red', onClick: () => onAction({ action: 'remove', place, target }) },
      ],
    };
  });
  {
    // The whole organization at once (rule 9), whatever the number of sites.
    const items = [];
    if (anyUnsuspended) items.push({ label: 'Suspend on every site', onClick: () => onAction({ action: 'suspend', place: orgPlace, target }) });
    if (anySuspended) items.push({ label: 'Restore on every site', onClick: () => onAction({ action: 'restore', place: orgPlace, target }) });
    items.push({ label: 'Remove from every site', color: 'red', onClick: () => onAction({ action: 'remove', place: orgPlace, target }) });
    sections.push({ label: `Every site of ${organization.name}`, items });
  }

  // Access in effect only on an ACTIVE (or INVITED) membership of an ACTIVE account.
  const bySite = user.memberships.map((m) => {
    const access = user.productAccess
      .filter((a) => a.site.id === m.site.id)
      .map((a) => ({ product: a.product as ProductKey, role: a.role as ProductRole }));
    const inEffect = m.status !== 'SUSPENDED' && account.status === 'ACTIVE';
    return { site: m.site.name, access: access.map(accessLabel), inEffect };
  });
  const groups = user.memberships.flatMap((m) => m.groups.map((g) => g.name));

  return (
    <Table.Tr>
      <Table.Td>
        <UserNameCell name={account.name} email={account.email} to={detailPath} />
      </Table.Td>
      <Table.Td>
        <AccountBadges managed={account.managed} status={account.status} />
      </Table.Td>
      <Table.Td>
        <Stack gap={4} align="flex-start">
          <MembershipStatusBadge status={user.status} />
          <SiteLines
            compact
            lines={user.memberships.map((m) => ({
              key: m.id,
              text: `${m.site.name}${multiSite ? `: ${membershipStatusNames[m.status]}` : ''}`,
            }))}
          />
        </Stack>
      </Table.Td>
      <Table.Td>
        <SiteLines
          lines={bySite.map((s) => ({
            key: s.site,
            label: multiSite ? s.site : undefined,
            text: s.access.length > 0 ? s.access.join(', ') : 'No products',
            note: !s.inEffect && s.access.length > 0 ? 'not in effect' : undefined,
          }))}
        />
      </Table.Td>
      <Table.Td>
        <ShortList items={groups} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDate(user.lastActiveAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <UserRowMenu who={who} detailPath={detailPath} sections={sections} />
      </Table.Td>
    </Table.Tr>
  );
}
