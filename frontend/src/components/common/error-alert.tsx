// Shows any error through describeError (lib/errors.ts): a title and a sentence chosen by
// its extensions.code, plus the request id of an internal error.
import { Alert, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { describeError, type ErrorMessages } from '../../lib/errors';

export interface ErrorAlertProps {
  error: unknown;
  /** Sentences to use instead of the defaults for some codes. */
  messages?: ErrorMessages;
  title?: string;
}

export function ErrorAlert({ error, messages, title }: ErrorAlertProps) {
  if (error == null) return null;
  const info = describeError(error, messages);
  return (
    <Alert color="red" variant="light" title={title ?? info.title} role="alert">
      {info.message}
      {info.requestId && (
        <Text size="xs" c="dimmed" mt={4}>
          Request id: {info.requestId}
        </Text>
      )}
    </Alert>
  );
}

/** Shows an error as a notification, for actions whose page stays as it was. */
export function notifyError(error: unknown, messages?: ErrorMessages) {
  const info = describeError(error, messages);
  notifications.show({
    color: 'red',
    title: info.title,
    message: info.requestId ? `${info.message} (request id ${info.requestId})` : info.message,
  });
}
