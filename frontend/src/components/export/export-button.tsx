// "Export CSV" on a directory page: downloads exactly what the page lists (its search,
// filters and order from the URL, every page of it) as the server streams it, with the
// rows received so far and a Cancel button. The Users export first asks for its options
// (active only, groups in columns).
import { Button, Checkbox, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { notifyError } from '../common/error-alert';
import { downloadCsv, saveFile } from './download-csv';
import { exportUrl, type ExportKind, type ExportScope, type UsersExportOptions } from './export-params';

export interface ExportButtonProps {
  kind: ExportKind;
  scope: ExportScope;
}

const names: Record<ExportKind, string> = { managedAccounts: 'managed accounts', users: 'users' };

export function ExportButton({ kind, scope }: ExportButtonProps) {
  const [params] = useSearchParams();
  const [asking, setAsking] = useState(false);
  const [options, setOptions] = useState<UsersExportOptions>({ activeOnly: false, pivotGroups: false });
  const [rows, setRows] = useState<number | null>(null);
  const abort = useRef<AbortController | null>(null);

  // Leaving the page stops a running export.
  useEffect(() => () => abort.current?.abort(), []);

  async function start(opts?: UsersExportOptions) {
    setAsking(false);
    const controller = new AbortController();
    abort.current = controller;
    setRows(0);
    try {
      const file = await downloadCsv(exportUrl(kind, scope, params, opts), {
        signal: controller.signal,
        onProgress: setRows,
        fallbackFilename: kind === 'managedAccounts' ? 'managed-accounts.csv' : 'users.csv',
      });
      saveFile(file.blob, file.filename);
      notifications.show({
        color: 'green',
        title: 'Export ready',
        message: `${file.filename}: ${file.rows === 1 ? '1 row' : `${file.rows.toLocaleString('en')} rows`}.`,
      });
    } catch (err) {
      if (controller.signal.aborted) {
        notifications.show({ title: 'Export cancelled', message: 'Nothing was saved.' });
      } else {
        notifyError(err);
      }
    } finally {
      abort.current = null;
      setRows(null);
    }
  }

  if (rows !== null) {
    return (
      <Group gap="xs" wrap="nowrap" role="status" aria-label={`Exporting ${names[kind]}`}>
        <Loader size="xs" aria-hidden />
        <Text size="sm" aria-live="polite">
          {rows === 1 ? '1 row received' : `${rows.toLocaleString('en')} rows received`}
        </Text>
        <Button variant="default" size="xs" onClick={() => abort.current?.abort()}>
          Cancel export
        </Button>
      </Group>
    );
  }

  return (
    <>
      <Button
        variant="default"
        leftSection={<IconDownload size={16} aria-hidden />}
        onClick={() => (kind === 'users' ? setAsking(true) : void start())}
      >
        Export CSV
      </Button>
      {kind === 'users' && (
        <Modal opened={asking} onClose={() => setAsking(false)} title="Export users" closeButtonProps={{ 'aria-label': 'Close' }}>
          <Stack gap="sm">
            <Text size="sm">
              The file lists the users this page shows, with its search, filters and order, one row per site
              membership.
            </Text>
            <Checkbox
              label="Active users only"
              description="Leave out invited and suspended users and deactivated accounts."
              checked={options.activeOnly}
              onChange={(e) => setOptions({ ...options, activeOnly: e.currentTarget.checked })}
            />
            <Checkbox
              label="One column per group"
              description="Group 1, Group 2, … instead of all groups in one cell."
              checked={options.pivotGroups}
              onChange={(e) => setOptions({ ...options, pivotGroups: e.currentTarget.checked })}
            />
            <Group justify="flex-end" mt="sm">
              <Button variant="default" onClick={() => setAsking(false)}>
                Cancel
              </Button>
              <Button leftSection={<IconDownload size={16} aria-hidden />} onClick={() => void start(options)}>
                Export
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </>
  );
}
