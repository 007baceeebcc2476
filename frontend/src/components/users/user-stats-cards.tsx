// The Users page's counts: total, active, invited, suspended (rule 3). A click on a count
// filters the list by that status.
import { Paper, SimpleGrid, Text, UnstyledButton } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { MembershipStatus } from '../../gql/graphql';

export const UserStatsCards_UserStatsFragment = graphql(`
  fragment UserStatsCards_UserStats on UserStats {
    total
    active
    invited
    suspended
  }
`);

export interface UserStatsCardsProps {
  stats: FragmentType<typeof UserStatsCards_UserStatsFragment>;
  /** "users of Acme's sites", for the total's caption. */
  caption: string;
  selected: MembershipStatus | null;
  onSelect: (status: MembershipStatus | null) => void;
}

export function UserStatsCards(props: UserStatsCardsProps) {
  const stats = useFragment(UserStatsCards_UserStatsFragment, props.stats);
  const cards: { label: string; value: number; status: MembershipStatus | null; hint: string }[] = [
    { label: 'Total users', value: stats.total, status: null, hint: props.caption },
    { label: 'Active', value: stats.active, status: 'ACTIVE', hint: 'have access now' },
    { label: 'Invited', value: stats.invited, status: 'INVITED', hint: 'not active yet' },
    { label: 'Suspended', value: stats.suspended, status: 'SUSPENDED', hint: 'no access, can be restored' },
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} mb="lg">
      {cards.map((c) => {
        const pressed = props.selected === c.status;
        return (
          <UnstyledButton
            key={c.label}
            onClick={() => props.onSelect(c.status)}
            aria-pressed={pressed}
            title={`Show ${c.status ? c.label.toLowerCase() : 'all'} users`}
          >
            <Paper withBorder p="md" radius="md" bd={pressed ? '2px solid var(--mantine-color-blue-6)' : undefined}>
              <Text size="sm" c="dimmed">
                {c.label}
              </Text>
              <Text fz={28} fw={700} lh={1.2}>
                {c.value.toLocaleString('en')}
              </Text>
              <Text size="xs" c="dimmed">
                {c.hint}
              </Text>
            </Paper>
          </UnstyledButton>
        );
      })}
    </SimpleGrid>
  );
}
