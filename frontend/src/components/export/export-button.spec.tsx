import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderWithProviders } from '../../test/render';
import { ExportButton } from './export-button';

const encoder = new TextEncoder();

/** A streamed CSV response whose pieces are sent when `next()` is called. */
function streamedResponse(pieces: string[]) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  let i = 0;
  return {
    response: new Response(body, {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="acme-users.csv"' },
    }),
    next() {
      if (i < pieces.length) controller.enqueue(encoder.encode(pieces[i++]));
      if (i === pieces.length) controller.close();
    },
  };
}

let saved: { name: string }[];

beforeEach(() => {
  saved = [];
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:x', revokeObjectURL: () => {} }));
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download });
  });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('ExportButton', () => {
  it('asks for the Users options, then downloads the filtered list showing the rows received', async () => {
    const stream = streamedResponse(['Account ID,Name\r\n', 'acc_1,Ada\r\nacc_2,Bo\r\n', 'acc_3,Cy\r\n']);
    const fetchMock = vi.fn().mockResolvedValue(stream.response);
    vi.stubGlobal('fetch', fetchMock);
    const user = userEvent.setup();
    renderWithProviders(<ExportButton kind="users" scope={{ organizationId: 'org_1' }} />, {
      route: '/o/org_1/users?status=SUSPENDED&after=abc',
    });

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await user.click(await screen.findByRole('checkbox', { name: /Active users only/ }));
    await user.click(screen.getByRole('checkbox', { name: /One column per group/ }));
    await user.click(screen.getByRole('button', { name: 'Export' }));

    expect(fetchMock).toHaveBeenCalledWith(
      '/export/orgs/org_1/users.csv?status=SUSPENDED&orderBy=NAME&direction=ASC&activeOnly=true&groups=pivot',
      expect.objectContaining({ credentials: 'same-origin' }),
    );
    expect(await screen.findByText('0 rows received')).toBeInTheDocument();
    stream.next();
    stream.next();
    expect(await screen.findByText('2 rows received')).toBeInTheDocument();
    stream.next();
    await waitFor(() => expect(saved).toEqual([{ name: 'acme-users.csv' }]));
    expect(await screen.findByText(/acme-users\.csv: 3 rows/)).toBeInTheDocument();
  });

  it('stops a running export on Cancel and saves nothing', async () => {
    const fetchMock = vi.fn((_url: string, init: RequestInit) => {
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(encoder.encode('Name\r\nAda\r\n'));
          init.signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')));
        },
      });
      return Promise.resolve(new Response(body));
    });
    vi.stubGlobal('fetch', fetchMock);
    const user = userEvent.setup();
    renderWithProviders(<ExportButton kind="managedAccounts" scope={{ organizationId: 'org_1' }} />, {
      route: '/o/org_1/members',
    });

    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(fetchMock.mock.calls[0][0]).toBe('/export/orgs/org_1/managed-accounts.csv?orderBy=NAME&direction=ASC');
    expect(await screen.findByText('1 row received')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel export' }));
    expect(await screen.findByText('Export cancelled')).toBeInTheDocument();
    expect(saved).toEqual([]);
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeInTheDocument();
  });

  it('shows the reason when the server refuses the export', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(
        new Response(JSON.stringify({ errors: [{ message: 'organization not found', extensions: { code: 'NOT_FOUND' } }] }), {
          status: 404,
        }),
      ),
    );
    const user = userEvent.setup();
    renderWithProviders(<ExportButton kind="managedAccounts" scope={{ organizationId: 'org_1' }} />);
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(await screen.findByText('This does not exist, or you do not administer it.')).toBeInTheDocument();
  });
});
