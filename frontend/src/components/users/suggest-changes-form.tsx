// "Suggest changes" for an account the organization does not manage (rules 6 and 13): the
// suggestion is recorded for whoever manages the account and changes nothing here.
import { Alert, Button, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useMutation } from 'urql';
import { graphql, useFragment, type FragmentType } from '../../gql';
import type { AccountDetailsInput } from '../../gql/graphql';
import { ErrorAlert } from '../common/error-alert';

export const SuggestChangesForm_AccountFragment = graphql(`
  fragment SuggestChangesForm_Account on Account {
    id
    name
    email
    nickname
    jobTitle
    department
    organization
    location
    timeZone
  }
`);

const SuggestAccountChangesMutation = graphql(`
  mutation SuggestAccountChangesMutation($accountId: ID!, $input: AccountDetailsInput!) {
    suggestAccountChanges(accountId: $accountId, input: $input)
  }
`);

type Field = keyof AccountDetailsInput & keyof FormValues;
interface FormValues {
  name: string;
  nickname: string;
  jobTitle: string;
  department: string;
  organization: string;
  location: string;
  timeZone: string;
}

const fields: { key: Field; label: string }[] = [
  { key: 'name', label: 'Full name' },
  { key: 'nickname', label: 'Public name' },
  { key: 'jobTitle', label: 'Job title' },
  { key: 'department', label: 'Department' },
  { key: 'organization', label: 'Organization' },
  { key: 'location', label: 'Based in' },
  { key: 'timeZone', label: 'Time zone' },
];

export interface SuggestChangesFormProps {
  account: FragmentType<typeof SuggestChangesForm_AccountFragment>;
  onCancel: () => void;
  onSent: () => void;
}

export function SuggestChangesForm({ account: ref, onCancel, onSent }: SuggestChangesFormProps) {
  const account = useFragment(SuggestChangesForm_AccountFragment, ref);
  const initial: FormValues = {
    name: account.name ?? '',
    nickname: account.nickname ?? '',
    jobTitle: account.jobTitle ?? '',
    department: account.department ?? '',
    organization: account.organization ?? '',
    location: account.location ?? '',
    timeZone: account.timeZone ?? '',
  };
  const [values, setValues] = useState<FormValues>(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [{ fetching }, suggest] = useMutation(SuggestAccountChangesMutation);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    const input: AccountDetailsInput = {};
    for (const { key } of fields) {
      const v = values[key].trim();
      if (v !== initial[key].trim()) input[key] = v;
    }
    if (Object.keys(input).length === 0) {
      setProblem('Change at least one detail to suggest it.');
      return;
    }
    if (input.name === '') {
      setProblem('A full name cannot be empty.');
      return;
    }
    setProblem(null);
    const result = await suggest({ accountId: account.id, input });
    if (result.error) {
      setError(result.error);
      return;
    }
    onSent();
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Alert color="blue" variant="light" title="This account is managed elsewhere" role="note">
          Your organization does not manage {account.name || account.email}: another organization manages it, or its
          owner does when no organization has claimed it. You cannot edit it here. Your suggestion is recorded for
          whoever manages it and changes nothing until they apply it. Email address changes are up to them too.
        </Alert>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {fields.map(({ key, label }) => (
            <TextInput
              key={key}
              label={label}
              maxLength={255}
              value={values[key]}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setValues((old) => ({ ...old, [key]: v }));
                setProblem(null);
              }}
            />
          ))}
        </SimpleGrid>
        {problem && (
          <Text size="sm" c="red.8" role="alert">
            {problem}
          </Text>
        )}
        {error != null && <ErrorAlert error={error} title="The suggestion was not sent" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={fetching}>
            Send suggestion
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
