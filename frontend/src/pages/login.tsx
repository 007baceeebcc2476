// The sign-in page: the app's name and the sign-in form.
import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { LoginForm } from '../components/auth/login-form';

export interface LoginPageProps {
  onSignIn: (email: string, password: string) => Promise<void>;
  /** Set when the session ended and the admin is sent back here. */
  returning?: boolean;
}

export function LoginPage({ onSignIn, returning }: LoginPageProps) {
  useDocumentTitle('Sign in · orgdir');
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" radius="md" w="100%" maw={400} component="main">
        <Stack gap="lg">
          <Stack gap={4}>
            <Title order={1} size="h2">
              Sign in to orgdir
            </Title>
            <Text c="dimmed" size="sm">
              {returning
                ? 'Your session has ended. Sign in again to go back where you were.'
                : 'Organization admin console.'}
            </Text>
          </Stack>
          <LoginForm onSubmit={onSignIn} />
        </Stack>
      </Paper>
    </Center>
  );
}
