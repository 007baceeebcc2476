// Product access of an account on the organization's sites: per site, the membership's
// status, when it was last active there and what its groups grant. Access is in effect
// only while both the membership and the account are active (PRODUCT.md §1).
import { Anchor, Badge, Group, Table, Text } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { MembershipStatus } from '../../gql/graphql';
import { formatLastActive, productNames, roleNames } from './format';

export const AccountProductAccess_AccountFragment = graphql(`
  fragment AccountProductAccess_Account on Account {
    status
    memberships {
      id
      status
      lastActiveAt
      site {
        id
        name
        url
      }
    }
    productAccess {
      site {
        id
      }
      product
      role
    }
  }
`);

const membershipWords: Record<MembershipStatus, string> = {
  ACTIVE: 'Active',
  INVITED: 'Invited',
  SUSPENDED: 'Suspended',
};

export interface AccountProductAccessProps {
  account: FragmentType<typeof AccountProductAccess_AccountFragment>;
}

export function AccountProductAccess(props: AccountProductAccessProps) {
  const a = useFragment(AccountProductAccess_AccountFragment, props.account);
  if (a.memberships.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No access to any of your sites. Invite this account from the Users page to give it access; claiming an account
        never gives site access by itself.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label="Product access on your sites" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Site</Table.Th>
            <Table.Th>Status on the site</Table.Th>
            <Table.Th>Last active there</Table.Th>
            <Table.Th>Products</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.memberships.map((m) => {
            const access = a.productAccess.filter((p) => p.site.id === m.site.id);
            const inEffect = m.status === 'ACTIVE' && a.status === 'ACTIVE';
            return (
              <Table.Tr key={m.id}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {m.site.name}
                  </Text>
                  <Anchor href={m.site.url} size="xs" target="_blank" rel="noreferrer">
                    {m.site.url}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{membershipWords[m.status]}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{formatLastActive(m.lastActiveAt)}</Text>
                </Table.Td>
                <Table.Td>
                  {access.length === 0 ? (
                    <Text size="sm" c="dimmed">
                      No products
                    </Text>
                  ) : (
                    <Group gap={4}>
                      {access.map((p) => (
                        <Badge key={`${p.product}/${p.role}`} variant="outline" color="gray" tt="none">
                          {productNames[p.product]} · {roleNames[p.role]}
                        </Badge>
                      ))}
                      {!inEffect && (
                        <Text size="xs" c="dimmed">
                          (not in effect while{' '}
                          {a.status !== 'ACTIVE'
                            ? 'the account is not active'
                            : `the user is ${membershipWords[m.status].toLowerCase()}`}
                          )
                        </Text>
                      )}
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
