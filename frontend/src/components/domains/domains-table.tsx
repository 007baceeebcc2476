// The organization's domains: status, how and when they were verified, the last check
// and why it failed, with the actions each status allows.
import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDate, formatDateTime } from '../accounts/format';
import { lapseDate, methodLabel, statusLabels } from './domain-labels';

export const DomainsTable_DomainFragment = graphql(`
  fragment DomainsTable_Domain on Domain {
    id
    name
    status
    method
    verifiedAt
    claimedAt
    lastCheckedAt
    lastCheckError
    failingSince
  }
`);

export interface DomainsTableProps {
  domains: readonly FragmentType<typeof DomainsTable_DomainFragment>[];
  onVerify: (domainId: string) => void;
  onClaim: (domainId: string) => void;
}

export function DomainsTable(props: DomainsTableProps) {
  const domains = useFragment(DomainsTable_DomainFragment, props.domains);
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table aria-label="Domains" verticalSpacing="sm" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Domain</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Method</Table.Th>
            <Table.Th>Verified</Table.Th>
            <Table.Th>Last check</Table.Th>
            <Table.Th>Problem</Table.Th>
            <Table.Th>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {domains.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text fw={500}>{d.name}</Text>
                {d.claimedAt && (
                  <Text size="xs" c="dimmed">
                    Claimed {formatDate(d.claimedAt)}
                  </Text>
                )}
              </Table.Td>
              <Table.Td miw={110}>
                <Badge color={d.status === 'VERIFIED' ? 'green' : 'gray'} variant="light" style={{ overflow: 'visible' }}>
                  {statusLabels[d.status]}
                </Badge>
              </Table.Td>
              <Table.Td>{methodLabel(d.status, d.method)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(d.verifiedAt)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }} title={d.lastCheckedAt ? formatDateTime(d.lastCheckedAt) : undefined}>
                {formatDate(d.lastCheckedAt, 'Never')}
              </Table.Td>
              <Table.Td>
                <Stack gap={2}>
                  {d.lastCheckError ? <Text size="sm">{d.lastCheckError}</Text> : <Text size="sm">—</Text>}
                  {d.failingSince && d.status === 'VERIFIED' && (
                    <Text size="xs" c="red.8">
                      Failing since {formatDate(d.failingSince)}: loses its verification on {formatDate(lapseDate(d.failingSince).toISOString())}{' '}
                      unless the record is back.
                    </Text>
                  )}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant={d.status === 'VERIFIED' ? 'default' : 'filled'} onClick={() => props.onVerify(d.id)} aria-label={`${d.status === 'VERIFIED' ? 'Check again' : 'Verify'} ${d.name}`}>
                    {d.status === 'VERIFIED' ? 'Check again' : 'Verify'}
                  </Button>
                  {d.status === 'VERIFIED' && (
                    <Button size="xs" onClick={() => props.onClaim(d.id)} aria-label={`Claim accounts on ${d.name}`}>
                      Claim accounts
                    </Button>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
