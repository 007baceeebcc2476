// One row of the original Users list (Site.users): one membership of the site.
import { Table, Text } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { UserActionRequest } from './user-action-dialog';
import type { ActionTarget } from './user-action-wording';
import { AccountBadges, MembershipStatusBadge } from './user-badges';
import { accessLabel, formatDate } from './labels';
import { ShortList, SiteLines, UserNameCell, UserRowMenu } from './users-table';

export const SiteUserRow_MembershipFragment = graphql(`
  fragment SiteUserRow_Membership on Membership {
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
    groups {
      id
      name
    }
    productAccess {
      product
      role
    }
    effectiveProductAccess {
      product
      role
    }
  }
`);

export interface SiteUserRowProps {
  membership: FragmentType<typeof SiteUserRow_MembershipFragment>;
  site: { id: string; name: string };
  /** The list's path: a user's page is under it. */
  basePath: string;
  onAction: (request: UserActionRequest) => void;
}

export function SiteUserRow({ membership: ref, site, basePath, onAction }: SiteUserRowProps) {
  const m = useFragment(SiteUserRow_MembershipFragment, ref);
  const { account } = m;
  const who = account.name || account.email;
  const target: ActionTarget = { accountId: account.id, name: account.name, email: account.email, managed: account.managed };
  const place = { kind: 'site' as const, siteId: site.id, siteName: site.name };
  const detailPath = `${basePath}/${account.id}`;
  const notInEffect = m.productAccess.length > m.effectiveProductAccess.length;

  return (
    <Table.Tr>
      <Table.Td>
        <UserNameCell name={account.name} email={account.email} to={detailPath} />
      </Table.Td>
      <Table.Td>
        <AccountBadges managed={account.managed} status={account.status} />
      </Table.Td>
      <Table.Td>
        <MembershipStatusBadge status={m.status} />
      </Table.Td>
      <Table.Td>
        <SiteLines
          lines={[
            {
              key: 'access',
              text: m.productAccess.length > 0 ? m.productAccess.map(accessLabel).join(', ') : 'No products',
              note: notInEffect ? 'not in effect' : undefined,
            },
          ]}
        />
      </Table.Td>
      <Table.Td>
        <ShortList items={m.groups.map((g) => g.name)} />
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {formatDate(m.lastActiveAt)}
        </Text>
      </Table.Td>
      <Table.Td>
        <UserRowMenu
          who={who}
          detailPath={detailPath}
          sections={[
            {
              items: [
                m.status === 'SUSPENDED'
                  ? { label: `Restore on ${site.name}`, onClick: () => onAction({ action: 'restore', place, target }) }
                  : { label: `Suspend on ${site.name}`, onClick: () => onAction({ action: 'suspend', place, target }) },
                { label: `Remove from ${site.name}`, color: 'red', onClick: () => onAction({ action: 'remove', place, target }) },
              ],
            },
          ]}
        />
      </Table.Td>
    </Table.Tr>
  );
}
