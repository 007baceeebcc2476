// The sign-in form: email and password, checked before sending, with the server's
// answer shown in plain words (wrong password, too many attempts, server unreachable).
import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { ErrorAlert } from '../common/error-alert';

export interface LoginFormProps {
  /** Signs in; rejects with the server's error (an ApiError) when it fails. */
  onSubmit: (email: string, password: string) => Promise<void>;
}

const signInMessages = {
  UNAUTHENTICATED: 'Wrong email or password.',
  INVALID_INPUT: 'Enter your email and password.',
};

export function LoginForm({ onSubmit }: LoginFormProps) {
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (v) => (v.trim() === '' ? 'Enter your email' : /^\S+@\S+$/.test(v.trim()) ? null : 'Enter a valid email address'),
      password: (v) => (v === '' ? 'Enter your password' : null),
    },
  });

  const submit = form.onSubmit(async ({ email, password }) => {
    setError(null);
    setSubmitting(true);
    try {
      await onSubmit(email.trim(), password);
    } catch (e) {
      setError(e);
      setSubmitting(false);
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <ErrorAlert error={error} messages={signInMessages} title="Could not sign in" />
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          autoFocus
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={submitting} fullWidth>
          Sign in
        </Button>
      </Stack>
    </form>
  );
}
