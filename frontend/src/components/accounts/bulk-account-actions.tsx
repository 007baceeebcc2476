// Bulk deactivate and reactivate of the rows selected on the Managed accounts page: a
// confirmation saying what happens and how to undo it, then the result of every account
// (each one changes on its own, so some can succeed while others fail).
import { Alert, Button, CloseButton, Group, List, Modal, Paper, Stack, Text, Textarea, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { describeError } from '../../lib/errors';
import { ErrorAlert } from '../common/error-alert';
import { displayName } from './format';
import type { SelectedAccount } from './managed-accounts-table';

export const BulkAccountActions_BulkResultFragment = graphql(`
  fragment BulkAccountActions_BulkResult on BulkResult {
    accountId
    account {
      id
      name
      status
    }
    error {
      code
      message
    }
  }
`);

const DeactivateAccountsMutation = graphql(`
  mutation DeactivateAccountsMutation($accountIds: [ID!]!, $message: String) {
    deactivateAccounts(accountIds: $accountIds, message: $message) {
      ...BulkAccountActions_BulkResult
    }
  }
`);

const ReactivateAccountsMutation = graphql(`
  mutation ReactivateAccountsMutation($accountIds: [ID!]!) {
    reactivateAccounts(accountIds: $accountIds) {
      ...BulkAccountActions_BulkResult
    }
  }
`);

export type BulkAction = 'deactivate' | 'reactivate';

export interface BulkAccountActionsProps {
  selected: readonly SelectedAccount[];
  onClearSelection: () => void;
}

interface Outcome {
  action: BulkAction;
  /** The accounts as they were selected, for names of the ones that failed. */
  accounts: readonly SelectedAccount[];
  results: readonly FragmentType<typeof BulkAccountActions_BulkResultFragment>[];
}

const words = {
  deactivate: { verb: 'Deactivate', done: 'Deactivated', eligible: 'ACTIVE' as const },
  reactivate: { verb: 'Reactivate', done: 'Reactivated', eligible: 'DEACTIVATED' as const },
};

function plural(n: number, one: string, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export function BulkAccountActions({ selected, onClearSelection }: BulkAccountActionsProps) {
  const [confirming, setConfirming] = useState<BulkAction | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [deactivate, runDeactivate] = useMutation(DeactivateAccountsMutation);
  const [reactivate, runReactivate] = useMutation(ReactivateAccountsMutation);
  const running = deactivate.fetching || reactivate.fetching;

  const open = (action: BulkAction) => {
    setError(null);
    setMessage('');
    setConfirming(action);
  };

  const confirm = async () => {
    if (!confirming) return;
    const accounts = [...selected];
    const accountIds = accounts.map((a) => a.id);
    const res =
      confirming === 'deactivate'
        ? await runDeactivate({ accountIds, message: message.trim() || null })
        : await runReactivate({ accountIds });
    if (res.error || !res.data) {
      setError(res.error ?? new Error('no answer'));
      return;
    }
    const results = 'deactivateAccounts' in res.data ? res.data.deactivateAccounts : res.data.reactivateAccounts;
    setOutcome({ action: confirming, accounts, results });
    setConfirming(null);
    onClearSelection();
  };

  const eligible = confirming ? selected.filter((a) => a.status === words[confirming].eligible).length : 0;
  const n = selected.length;

  return (
    <Stack gap="sm">
      {outcome && <BulkResults outcome={outcome} onDismiss={() => setOutcome(null)} />}
      {n > 0 && (
        <Paper withBorder p="xs" radius="md" bg="var(--mantine-color-blue-light)">
          <Group justify="space-between" gap="sm">
            <Text size="sm" fw={600} aria-live="polite">
              {plural(n, 'account')} selected
            </Text>
            <Group gap="xs">
              <Button size="xs" color="red" variant="filled" onClick={() => open('deactivate')}>
                Deactivate
              </Button>
              <Button size="xs" variant="default" onClick={() => open('reactivate')}>
                Reactivate
              </Button>
              <Button size="xs" variant="subtle" onClick={onClearSelection}>
                Clear selection
              </Button>
            </Group>
          </Group>
        </Paper>
      )}

      <Modal
        opened={confirming !== null}
        onClose={() => !running && setConfirming(null)}
        title={confirming ? `${words[confirming].verb} ${plural(n, 'account')}?` : ''}
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        {confirming && (
          <Stack gap="sm">
            {confirming === 'deactivate' ? (
              <>
                <Text size="sm">
                  The selected accounts will be signed out and will no longer be able to sign in to any site, in your
                  organization or anywhere else. Their site memberships, groups and product access are kept but give no
                  access, and they stop counting as billable.
                </Text>
                <Text size="sm">To undo, reactivate them: everything they had comes back.</Text>
              </>
            ) : (
              <Text size="sm">
                The selected accounts will be able to sign in again, with the site memberships, groups and product
                access they had. They count as billable again when their policy is billable. To undo, deactivate them
                again.
              </Text>
            )}
            {eligible < n && (
              <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={16} aria-hidden />}>
                {eligible === 0
                  ? `None of the selected accounts is ${confirming === 'deactivate' ? 'active' : 'deactivated'}; each will be reported as not possible.`
                  : `${plural(n - eligible, 'selected account')} ${n - eligible === 1 ? 'is' : 'are'} not ${
                      confirming === 'deactivate' ? 'active' : 'deactivated'
                    } and will be reported as not possible; the others will be ${words[confirming].done.toLowerCase()}.`}
              </Alert>
            )}
            {confirming === 'deactivate' && (
              <Textarea
                label="Message to the people (optional)"
                description="Stored with each account and shown when they try to sign in."
                rows={3}
                maxLength={1000}
                value={message}
                onChange={(e) => setMessage(e.currentTarget.value)}
              />
            )}
            <ErrorAlert error={error} />
            <Group justify="flex-end" gap="sm" mt="xs">
              <Button variant="default" onClick={() => setConfirming(null)} disabled={running}>
                Cancel
              </Button>
              <Button
                color={confirming === 'deactivate' ? 'red' : 'blue'}
                onClick={() => void confirm()}
                loading={running}
              >
                {words[confirming].verb} {plural(n, 'account')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}

function BulkResults({ outcome, onDismiss }: { outcome: Outcome; onDismiss: () => void }) {
  const results = useFragment(BulkAccountActions_BulkResultFragment, outcome.results);
  const names = new Map(outcome.accounts.map((a) => [a.id, a]));
  const failed = results.filter((r) => r.error).length;
  const done = results.length - failed;
  const w = words[outcome.action];
  const color = failed === 0 ? 'green' : done === 0 ? 'red' : 'yellow';
  return (
    <Alert
      color={color}
      variant="light"
      role="status"
      title={`${w.done} ${done} of ${plural(results.length, 'account')}${
        failed > 0 ? `; ${failed} could not be ${w.done.toLowerCase()}` : ''
      }`}
      withCloseButton={false}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <List spacing={4} size="sm" aria-label={`Results of ${w.verb.toLowerCase()}`} listStyleType="none">
          {results.map((r) => {
            const before = names.get(r.accountId);
            const name = r.account ? displayName(r.account) : before ? displayName(before) : r.accountId;
            const info = r.error ? describeError(r.error) : null;
            return (
              <List.Item
                key={r.accountId}
                icon={
                  <ThemeIcon size={18} radius="xl" color={info ? 'red' : 'green'} aria-hidden>
                    {info ? <IconAlertTriangle size={12} /> : <IconCheck size={12} />}
                  </ThemeIcon>
                }
              >
                <Text span size="sm" fw={500}>
                  {name}
                </Text>
                <Text span size="sm">
                  {': '}
                  {info ? `${info.title}. ${info.message}` : w.done}
                </Text>
              </List.Item>
            );
          })}
        </List>
        <CloseButton aria-label="Dismiss results" onClick={onDismiss} />
      </Group>
    </Alert>
  );
}
