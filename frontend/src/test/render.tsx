// render() for unit tests: the app's providers, a memory router at `route`, and a urql
// client (createTestClient) when the component runs GraphQL operations.
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { Provider, type Client } from 'urql';
import { AppProviders } from '../app-providers';
import { SessionContext, type Session } from '../components/session/session-provider';
import { createTestClient } from './graphql-test-client';

export interface RenderOptions {
  /** The URL the router starts at. */
  route?: string;
  /** A route pattern, e.g. "/o/:orgId/members", so that useParams works. */
  path?: string;
  client?: Client;
  /** Sign-in and sign-out as the component sees them; by default they do nothing. */
  session?: Partial<Session>;
}

export function renderWithProviders(ui: ReactElement, { route = '/', path, client, session }: RenderOptions = {}): RenderResult {
  const content = path ? (
    <Routes>
      <Route path={path} element={ui} />
      <Route path="*" element={<p>left the page under test</p>} />
    </Routes>
  ) : (
    ui
  );
  return render(
    <AppProviders>
      <SessionContext value={{ ...noSession, ...session }}>
        <Provider value={client ?? createTestClient({})}>
          <MemoryRouter initialEntries={[route]}>{content}</MemoryRouter>
        </Provider>
      </SessionContext>
    </AppProviders>,
  );
}

const noSession: Session = {
  signIn: async () => {},
  signOut: async () => {},
};
