// The audit history of an account, newest first, ten events a page ("Newer" / "Older").
// The first page comes with the account page's query; the others are fetched here.
import { Button, Group, Skeleton, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { ErrorAlert } from '../common/error-alert';
import { formatDateTime } from './format';

export const AUDIT_PAGE_SIZE = 10;

export const AccountAuditHistory_AuditEventFragment = graphql(`
  fragment AccountAuditHistory_AuditEvent on AuditEvent {
    id
    time
    actorType
    actorLabel
    action
    targetType
    targetLabel
  }
`);

export const AccountAuditHistory_AccountFragment = graphql(`
  fragment AccountAuditHistory_Account on Account {
    id
    auditEvents(first: 10) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          ...AccountAuditHistory_AuditEvent
        }
      }
    }
  }
`);

const AccountAuditHistoryQuery = graphql(`
  query AccountAuditHistoryQuery($accountId: ID!, $after: Cursor) {
    node(id: $accountId) {
      ... on Account {
        id
        auditEvents(first: 10, after: $after) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          edges {
            node {
              id
              ...AccountAuditHistory_AuditEvent
            }
          }
        }
      }
    }
  }
`);

const actionWords: Record<string, string> = {
  'account.created_managed': 'Became managed by the organization',
  'account.deactivated': 'Account deactivated',
  'account.reactivated': 'Account reactivated',
  'account.deletion_scheduled': 'Deletion scheduled',
  'account.deletion_cancelled': 'Deletion cancelled',
  'account.deleted': 'Account deleted',
  'account.details_updated': 'Details updated',
  'account.email_changed': 'Email changed',
  'account.policy_changed': 'Authentication policy changed',
  'account.api_token_revoked': 'API token revoked',
  'account.device_logged_out': 'Logged out of a device',
  'account.changes_suggested': 'Changes suggested',
  'user.invited': 'Invited to a site',
  'user.suspended': 'Suspended on a site',
  'user.restored': 'Restored on a site',
  'user.removed': 'Removed from a site',
  'user.product_access_granted': 'Product access granted',
  'user.product_access_revoked': 'Product access revoked',
  'group.member_added': 'Added to a group',
  'group.member_removed': 'Removed from a group',
  'domain.claimed': 'Claimed with a domain',
};

export function auditActionWords(action: string): string {
  return actionWords[action] ?? action;
}

export interface AccountAuditHistoryProps {
  account: FragmentType<typeof AccountAuditHistory_AccountFragment>;
}

type Connection = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges?:
    ({ node?: ({ id: string } & FragmentType<typeof AccountAuditHistory_AuditEventFragment>) | null } | null)[] | null;
};

export function AccountAuditHistory(props: AccountAuditHistoryProps) {
  const account = useFragment(AccountAuditHistory_AccountFragment, props.account);
  // The cursors of the pages before the one shown; the last one is the shown page's.
  const [cursors, setCursors] = useState<string[]>([]);
  const after = cursors.length > 0 ? cursors[cursors.length - 1] : null;
  const [{ data, error, fetching }] = useQuery({
    query: AccountAuditHistoryQuery,
    variables: { accountId: account.id, after },
    pause: after === null,
  });

  let conn: Connection | null = account.auditEvents;
  if (after !== null) {
    const node = data?.node;
    conn = node && 'auditEvents' in node ? node.auditEvents : null;
  }

  if (after !== null && !conn) {
    if (error && !fetching) return <ErrorAlert error={error} />;
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading">
        {Array.from({ length: 4 }, (_, i) => (
          <Skeleton key={i} h={24} />
        ))}
      </Stack>
    );
  }
  const total = account.auditEvents.totalCount;
  if (!conn || total === 0) {
    return (
      <Text size="sm" c="dimmed">
        No changes recorded for this account yet.
      </Text>
    );
  }
  const events = (conn.edges ?? []).flatMap((e) => (e?.node ? [e.node] : []));
  const from = cursors.length * AUDIT_PAGE_SIZE + 1;
  return (
    <Stack gap="sm">
      <AuditEventsTable events={events} busy={fetching} />
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {events.length > 0 ? `${from}–${from + events.length - 1} of ${total} events` : `${total} events`}
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="default"
            disabled={cursors.length === 0}
            onClick={() => setCursors((c) => c.slice(0, -1))}
          >
            Newer
          </Button>
          <Button
            size="xs"
            variant="default"
            disabled={!conn.pageInfo.hasNextPage || !conn.pageInfo.endCursor}
            onClick={() => setCursors((c) => [...c, conn.pageInfo.endCursor!])}
          >
            Older
          </Button>
        </Group>
      </Group>
    </Stack>
  );
}

function AuditEventsTable(props: {
  events: readonly FragmentType<typeof AccountAuditHistory_AuditEventFragment>[];
  busy: boolean;
}) {
  const events = useFragment(AccountAuditHistory_AuditEventFragment, props.events);
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table aria-label="Audit history" verticalSpacing="xs" aria-busy={props.busy || undefined}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>What</Table.Th>
            <Table.Th>On</Table.Th>
            <Table.Th>By</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td>
                <Text size="sm">{formatDateTime(e.time)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{auditActionWords(e.action)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{e.targetLabel}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {e.actorType === 'SYSTEM' ? 'orgdir' : e.actorLabel}
                  {e.actorType === 'API_KEY' && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      (API key)
                    </Text>
                  )}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
