// Change the email address of a managed account (rule 12): the new address must be on
// one of the organization's verified domains and not used by another account. The dialog
// says so before anything is sent, and shows the server's answer on the field.
import { Button, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import { describeError } from '../../lib/errors';
import { ErrorAlert } from '../common/error-alert';

export const ChangeEmailButton_AccountFragment = graphql(`
  fragment ChangeEmailButton_Account on Account {
    id
    name
    email
    status
    managed
    provisioned
  }
`);

export const ChangeEmailButton_DomainFragment = graphql(`
  fragment ChangeEmailButton_Domain on Domain {
    id
    name
    status
  }
`);

const ChangeAccountEmailMutation = graphql(`
  mutation ChangeAccountEmailMutation($accountId: ID!, $email: String!) {
    changeAccountEmail(accountId: $accountId, email: $email) {
      id
      email
    }
  }
`);

export interface ChangeEmailButtonProps {
  account: FragmentType<typeof ChangeEmailButton_AccountFragment>;
  domains: readonly FragmentType<typeof ChangeEmailButton_DomainFragment>[];
}

export function ChangeEmailButton(props: ChangeEmailButtonProps) {
  const account = useFragment(ChangeEmailButton_AccountFragment, props.account);
  const verified = useFragment(ChangeEmailButton_DomainFragment, props.domains)
    .filter((d) => d.status === 'VERIFIED')
    .map((d) => d.name);
  const [opened, setOpened] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [{ fetching }, change] = useMutation(ChangeAccountEmailMutation);
  const form = useForm({
    mode: 'controlled',
    initialValues: { email: '' },
    validate: {
      email: (raw: string) => {
        const v = raw.trim();
        if (v === '') return 'Enter the new email address';
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return 'Enter a valid email address';
        if (v.toLowerCase() === account.email.toLowerCase()) return 'This is the current address';
        const domain = v.slice(v.lastIndexOf('@') + 1).toLowerCase();
        if (verified.length > 0 && !verified.includes(domain))
          return `Use an address on a verified domain of your organization: ${verified.join(', ')}`;
        return null;
      },
    },
  });

  if (!account.managed || account.provisioned || account.status === 'PENDING_DELETION') return null;

  const submit = form.onSubmit(async ({ email }) => {
    setError(null);
    const res = await change({ accountId: account.id, email: email.trim() });
    if (res.error) {
      const info = describeError(res.error);
      if ((info.code === 'INVALID_INPUT' || info.code === 'CONFLICT') && info.field === 'email') {
        form.setFieldError('email', info.message);
      } else {
        setError(res.error);
      }
      return;
    }
    notifications.show({ color: 'green', message: `The email address is now ${res.data?.changeAccountEmail.email}.` });
    setOpened(false);
  });

  return (
    <>
      <Button
        variant="default"
        size="xs"
        onClick={() => {
          form.reset();
          setError(null);
          setOpened(true);
        }}
      >
        Change email
      </Button>
      <Modal
        opened={opened}
        onClose={() => !fetching && setOpened(false)}
        title="Change email address"
        size="lg"
        closeButtonProps={{ 'aria-label': 'Close' }}
      >
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text size="sm">
              {account.name || account.email} signs in with the new address from now on; the old one stops working. The
              new address must be on one of your organization&apos;s verified domains and not used by any other account.
            </Text>
            {verified.length > 0 ? (
              <div>
                <Text size="sm" fw={500}>
                  Verified domains
                </Text>
                <List size="sm">
                  {verified.map((d) => (
                    <List.Item key={d}>{d}</List.Item>
                  ))}
                </List>
              </div>
            ) : (
              <Text size="sm" c="dimmed">
                Your organization has no verified domain at the moment; verify one on the Domains page first.
              </Text>
            )}
            <TextInput label="Current email" value={account.email} readOnly variant="filled" />
            <TextInput label="New email" type="email" required data-autofocus {...form.getInputProps('email')} />
            <ErrorAlert error={error} title="Could not change the email" />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setOpened(false)} disabled={fetching}>
                Cancel
              </Button>
              <Button type="submit" loading={fetching}>
                Change email
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
