// Products a managed account uses on other organizations' sites (rule 17): site name and
// URL, product, role and when it was last active there. Nothing else of those sites is
// visible.
import { Anchor, Table, Text } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatLastActive, productNames, roleNames } from './format';

export const AccountExternalAccess_AccountFragment = graphql(`
  fragment AccountExternalAccess_Account on Account {
    managed
    externalProductAccess {
      siteName
      siteUrl
      product
      role
      lastActiveAt
    }
  }
`);

export interface AccountExternalAccessProps {
  account: FragmentType<typeof AccountExternalAccess_AccountFragment>;
}

export function AccountExternalAccess(props: AccountExternalAccessProps) {
  const a = useFragment(AccountExternalAccess_AccountFragment, props.account);
  if (a.externalProductAccess.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {a.managed
          ? 'This account uses no products on other organizations’ sites.'
          : 'Shown to the managing organization only.'}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label="Product access outside your organization" verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Site</Table.Th>
            <Table.Th>Product</Table.Th>
            <Table.Th>Role</Table.Th>
            <Table.Th>Last active</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {a.externalProductAccess.map((p) => (
            <Table.Tr key={`${p.siteUrl}/${p.product}/${p.role}`}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {p.siteName}
                </Text>
                <Anchor href={p.siteUrl} size="xs" target="_blank" rel="noreferrer">
                  {p.siteUrl}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{productNames[p.product]}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{roleNames[p.role]}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatLastActive(p.lastActiveAt)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
