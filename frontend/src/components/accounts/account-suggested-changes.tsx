// Changes other organizations suggested for an account (rule 6): who suggested what and
// when. Suggestions change nothing by themselves; an admin applies them in the details
// form if they agree.
import { Paper, Stack, Table, Text } from '@mantine/core';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { formatDateTime } from './format';

export const AccountSuggestedChanges_AccountFragment = graphql(`
  fragment AccountSuggestedChanges_Account on Account {
    suggestedChanges {
      id
      createdAt
      suggestedByLabel
      changes {
        field
        value
      }
    }
  }
`);

const fieldLabels: Record<string, string> = {
  name: 'Full name',
  nickname: 'Nickname',
  jobTitle: 'Job title',
  department: 'Department',
  organization: 'Organization',
  location: 'Location',
  timeZone: 'Time zone',
};

export interface AccountSuggestedChangesProps {
  account: FragmentType<typeof AccountSuggestedChanges_AccountFragment>;
}

/** Renders nothing when there are no suggestions. */
export function AccountSuggestedChanges(props: AccountSuggestedChangesProps) {
  const a = useFragment(AccountSuggestedChanges_AccountFragment, props.account);
  if (a.suggestedChanges.length === 0) return null;
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        Suggestions change nothing by themselves. To apply one, edit the details above.
      </Text>
      {a.suggestedChanges.map((s) => (
        <Paper key={s.id} withBorder p="sm" radius="sm">
          <Text size="sm" fw={500} mb={4}>
            {s.suggestedByLabel}, {formatDateTime(s.createdAt)}
          </Text>
          <Table verticalSpacing={4} aria-label={`Changes suggested by ${s.suggestedByLabel}`}>
            <Table.Tbody>
              {s.changes.map((c) => (
                <Table.Tr key={c.field}>
                  <Table.Th w={160} fw={500}>
                    {fieldLabels[c.field] ?? c.field}
                  </Table.Th>
                  <Table.Td>
                    {c.value || (
                      <Text span c="dimmed" size="sm">
                        (empty)
                      </Text>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      ))}
    </Stack>
  );
}
