// GraphiQL, bundled (no CDN): it runs operations on POST /query with the session cookie.
// Its docs come from the same SDL the server is built from (lib/schema.ts), so the
// explorer works without introspection and without internet. This module is loaded
// lazily (about 5.7 MB with Monaco); nothing else may import it.
//
// Order matters: the Vite worker setup must run before GraphiQL is imported, or Monaco
// fails with "Cannot read properties of undefined (reading 'toUrl')".
import 'graphiql/setup-workers/vite';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { useMemo } from 'react';
import { serverSchema } from '../lib/schema';

const defaultQuery = `# orgdir GraphQL API: signed in with your session.
# Open the docs (book icon) for the schema; Ctrl-Enter runs the query.

{
  viewer {
    account {
      email
    }
  }
}
`;

export interface GraphiQLPageProps {
  /** Called when the server answers 401 (the session has ended). */
  onUnauthenticated: () => void;
}

export function GraphiQLPage({ onUnauthenticated }: GraphiQLPageProps) {
  const fetcher = useMemo(
    () =>
      createGraphiQLFetcher({
        url: '/query',
        fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
          const res = await fetch(input, { ...init, credentials: 'same-origin' });
          if (res.status === 401) onUnauthenticated();
          return res;
        },
      }),
    [onUnauthenticated],
  );
  const schema = useMemo(() => serverSchema(), []);
  return (
    <div style={{ height: '100vh' }}>
      <GraphiQL fetcher={fetcher} schema={schema} defaultQuery={defaultQuery} />
    </div>
  );
}
