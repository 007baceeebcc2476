// Audit events, newest first: when, who (an admin, an API key or orgdir itself), what,
// and on what. The actor and the target of a row can become the page's filter.
import { ActionIcon, Code, Group, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { AuditActorType } from '../../gql/graphql';
import { formatDateTime } from '../accounts/format';
import type { AuditUrlPatch } from './audit-url-state';

export const AuditEventsTable_AuditEventFragment = graphql(`
  fragment AuditEventsTable_AuditEvent on AuditEvent {
    id
    time
    actorType
    actorID
    actorLabel
    action
    targetType
    targetID
    targetLabel
  }
`);

const actorTypes: Record<AuditActorType, string> = { ACCOUNT: 'Admin', API_KEY: 'API key', SYSTEM: 'orgdir' };

export interface AuditEventsTableProps {
  events: readonly FragmentType<typeof AuditEventsTable_AuditEventFragment>[];
  onFilter: (patch: AuditUrlPatch) => void;
}

function FilterButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Tooltip label={label} withArrow>
      <ActionIcon variant="subtle" color="gray" size="sm" aria-label={label} onClick={onClick}>
        <IconFilter size={14} aria-hidden />
      </ActionIcon>
    </Tooltip>
  );
}

export function AuditEventsTable(props: AuditEventsTableProps) {
  const events = useFragment(AuditEventsTable_AuditEventFragment, props.events);
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table aria-label="Audit events" verticalSpacing="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Time</Table.Th>
            <Table.Th>Actor</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Target</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => (
            <Table.Tr key={e.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.time)}</Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Stack gap={0}>
                    <Text size="sm">{e.actorLabel || actorTypes[e.actorType]}</Text>
                    <Text size="xs" c="dimmed">
                      {actorTypes[e.actorType]}
                    </Text>
                  </Stack>
                  {e.actorID && (
                    <FilterButton
                      label={`Show only events by ${e.actorLabel || e.actorID}`}
                      onClick={() => props.onFilter({ actorId: e.actorID })}
                    />
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Code>{e.action}</Code>
                  <FilterButton label={`Show only ${e.action} events`} onClick={() => props.onFilter({ action: e.action })} />
                </Group>
              </Table.Td>
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Stack gap={0}>
                    <Text size="sm">{e.targetLabel || e.targetID || '—'}</Text>
                    <Text size="xs" c="dimmed">
                      {e.targetType}
                    </Text>
                  </Stack>
                  {e.targetID && (
                    <FilterButton
                      label={`Show only events about ${e.targetLabel || e.targetID}`}
                      onClick={() => props.onFilter({ targetId: e.targetID })}
                    />
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
